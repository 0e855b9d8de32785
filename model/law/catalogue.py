"""The dated catalogue of provisions the product applies.

Each entry is one provision as it read between ``valid_from`` and ``valid_to``. Citations were
checked against the public texts named in ``source`` (or the pages quoting them); what could not
be checked says "niezweryfikowane" (unverified) in the citation itself, so nobody signs it unawares. To record a
change of law add a new entry and close the old one with ``valid_to``.
"""

from __future__ import annotations

from datetime import date

from model.law import Provision

ISAP = "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id="
KPA = "Kodeks postępowania administracyjnego"
UPS = "ustawa z dnia 12 marca 2004 r. o pomocy społecznej"
UWR = "ustawa z dnia 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej"
VIOLENCE_2005 = "ustawa z dnia 29 lipca 2005 r. o przeciwdziałaniu przemocy w rodzinie"
VIOLENCE_2023 = "ustawa z dnia 29 lipca 2005 r. o przeciwdziałaniu przemocy domowej (zmiana: Dz.U. 2023 poz. 535)"
NK_2011 = "rozporządzenie Rady Ministrów z dnia 13 września 2011 r. w sprawie procedury „Niebieskie Karty” (Dz.U. 2011 nr 209 poz. 1245)"
NK_2023 = "rozporządzenie Rady Ministrów z dnia 6 września 2023 r. w sprawie procedury „Niebieskie Karty” (Dz.U. 2023 poz. 1870)"
RWS_2016_TAIL = "MRPiPS z dnia 25 sierpnia 2016 r. w sprawie rodzinnego wywiadu środowiskowego (Dz.U. 2016 poz. 1406)"
RWS_2021_TAIL = "MRiPS z dnia 8 kwietnia 2021 r. w sprawie rodzinnego wywiadu środowiskowego (Dz.U. 2021 poz. 893)"
RWS_2016, RWS_2021 = f"rozporządzenie {RWS_2016_TAIL}", f"rozporządzenie {RWS_2021_TAIL}"
RWS_2016_TEXT = (
    "https://www.infor.pl/akt-prawny/DZU.2016.174.0001406,rozporzadzenie-ministra-rodziny-pracy-i-polityki-"
    "spolecznej-w-sprawie-rodzinnego-wywiadu-srodowiskowego.html"
)
"""The published text read for § 2 ust. 1–2 (the terms; § 3 of the 2021 regulation holds them)."""
SW_2016 = "ustawa z dnia 11 lutego 2016 r. o pomocy państwa w wychowywaniu dzieci (Dz.U. 2016 poz. 195)"
FAMILY_BENEFITS = "ustawa z dnia 28 listopada 2003 r. o świadczeniach rodzinnych"
CUS = "ustawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 poz. 1818)"

KPA_FROM = date(1961, 1, 1)
UPS_FROM = date(2004, 5, 1)
UWR_FROM = date(2012, 1, 1)
# Both days unverified against the Dz.U. itself. 2011: 14 days after publication on 3.10.2011. 2023: 28.09.2023
# as a research note citing the Sejm ELI API states (docs/law.md); the former 14.09.2023 cannot be 14 days after
# the publication of a regulation signed on 6.09.2023.
NK_2011_FROM, NK_2023_FROM = date(2011, 10, 18), date(2023, 9, 28)
VIOLENCE_2023_FROM = date(2023, 6, 22)
RWS_2016_FROM, RWS_2021_FROM = (
    date(2016, 9, 1),
    date(2021, 11, 11),
)  # 2016: unverified; 2021: e-pik.prawodlapraktykow.pl
ZUS_500_FROM = date(2022, 1, 1)
CUS_FROM = date(2020, 1, 1)
# art. 26 of the family-benefits act: the terms of the period 2011/2012 (gops.wielka-wies.pl) held to
# 2016/2017 (ops-sepolno.pl); those of 2017/2018 (elblag.eu, mops.sanok.pl 23.11.2017) to 2020/2021
# (mgops-pasym.pl); electronic applications from 1 July in 2025/2026 (kcus.krotoszyn.pl, jaojaboja.pl).
# The days the changes came into force: unverified (set to 1 January of the first period they governed).
OLD_PERIOD_TERMS_FROM, NEW_PERIOD_FROM, JULY_APPLICATIONS_FROM = date(2011, 1, 1), date(2017, 1, 1), date(2021, 1, 1)
FAMILIES_ALTERNATIVE_FROM = date(2015, 1, 1)  # prawo.pl: the 50-family alternative of art. 110 ust. 11 from 1.01.2015
ASSISTANT_15_FROM = date(2015, 1, 1)  # unverified: the day the cap fell from 20 to 15 families


def _day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


CATALOGUE: tuple[Provision, ...] = (
    # --- administrative procedure (KPA) ------------------------------------------------------
    Provision("kpa.decision", "art. 35 § 3 KPA", KPA, KPA_FROM, None, ISAP + "WDU19600300168", "1 month"),
    Provision("kpa.appeal", "art. 129 § 2 KPA", KPA, KPA_FROM, None, ISAP + "WDU19600300168", "14 d"),
    Provision("kpa.forward_appeal", "art. 133 KPA", KPA, KPA_FROM, None, ISAP + "WDU19600300168", "7 d"),
    # --- the act on social assistance ---------------------------------------------------------
    Provision("ups.interview", "art. 106 ust. 4 u.p.s.", UPS, UPS_FROM, None, ISAP + "WDU20040640593"),
    Provision(
        "ups.interview_by_social_worker",
        "art. 107 u.p.s. i rozporządzenie w sprawie rodzinnego wywiadu środowiskowego: wywiad przeprowadza "
        "pracownik socjalny (jednostka redakcyjna: niezweryfikowane)",
        UPS,
        UPS_FROM,
        None,
        "https://doradcawpomocyspolecznej.pl/artykul/rodzinny-wywiad-srodowiskowy-w-swietle-nowych-regulacji-wybrane-aspekty",
    ),
    Provision(
        "ups.interview_update",
        "art. 107 ust. 4 u.p.s. (stałe formy pomocy: aktualizacja nie rzadziej niż co 6 miesięcy)",
        UPS,
        UPS_FROM,
        None,
        ISAP + "WDU20040640593",
        "6 month",
    ),
    Provision("ups.change_decision", "art. 106 ust. 5 u.p.s.", UPS, UPS_FROM, None, ISAP + "WDU20040640593"),
    Provision("ups.care_services", "art. 50 ust. 5 u.p.s.", UPS, UPS_FROM, None, ISAP + "WDU20040640593"),
    Provision(
        "ups.social_worker_norm",
        "art. 110 ust. 11 u.p.s. (do 31.12.2014 r.: 1 pracownik socjalny na 2000 mieszkańców, nie mniej niż 3)",
        UPS,
        date(2011, 5, 3),  # rp.pl: art. 110 in a new wording from 3.05.2011
        _day_before(FAMILIES_ALTERNATIVE_FROM),
        "https://www.prawo.pl/kadry/od-nowego-roku-wzrosnie-zapotrzebowanie-na-pracownikow-socjalnych,280534.html",
        {"inhabitants": 2000, "minimum": 3},
    ),
    Provision(
        "ups.social_worker_norm",
        "art. 110 ust. 11 u.p.s.",
        UPS,
        FAMILIES_ALTERNATIVE_FROM,
        None,
        "https://www.prawo.pl/kadry/od-nowego-roku-wzrosnie-zapotrzebowanie-na-pracownikow-socjalnych,280534.html",
        {"inhabitants": 2000, "families": 50, "minimum": 3},
    ),
    Provision(
        "ups.social_worker_qualifications",
        "art. 116 ust. 1 u.p.s. (kwalifikacje pracownika socjalnego)",
        UPS,
        UPS_FROM,
        None,
        "https://gov.legalis.pl/studia-lub-studia-podyplomowe-z-zakresu-pracy-socjalnej-warunki-dla-pracownikow-socjalnych/",
    ),
    Provision(
        "ups.social_worker_tasks",
        "art. 119 ust. 1 u.p.s. (zadania pracownika socjalnego: praca socjalna, wywiady, pomoc w przezwyciężaniu "
        "trudności; jednostka redakcyjna: niezweryfikowane)",
        UPS,
        UPS_FROM,
        None,
        ISAP + "WDU20040640593",
    ),
    Provision(
        "resolution.care_services",
        "art. 50 ust. 6 u.p.s.: rada gminy określa w drodze uchwały szczegółowe warunki przyznawania "
        "i odpłatności za usługi opiekuńcze",
        UPS,
        UPS_FROM,
        None,
        "https://archiwum-bip-starozreby.sam3.pl/bip2.starozreby.pl/contentd0a5.html?cms_id=1303",
    ),
    Provision(
        "resolution.funeral",
        "art. 44 u.p.s.: sprawienie pogrzebu odbywa się w sposób ustalony przez gminę, zgodnie z wyznaniem "
        "zmarłego (uchwała rady gminy albo zarządzenie wójta – orzecznictwo rozbieżne)",
        UPS,
        UPS_FROM,
        None,
        "https://sip.lex.pl/komentarze-i-publikacje/linie-orzecznicze/organ-gminy-wlasciwy-do-ustalenia-sposobu-sprawienia-przez-419850420",
    ),
    Provision(
        "resolution.meals",
        "art. 96 ust. 2 i 4 u.p.s.: rada gminy określa w drodze uchwały zasady zwrotu wydatków za posiłek "
        "w ramach programu rządowego",
        UPS,
        UPS_FROM,
        None,
        "https://www.infor.pl/akt-prawny/U85.2014.044.0001411,uchwala-nr-liv5442014-rady-miejskiej-w-tarnowskich-gorach-w-sprawie-okreslenia-zasad-zwrotu-wydatkow-za-swiadczenia-zpomocy-spolecznej-wzakresie-dozywiania-wformie-posilku-albo-swiadczenia-rzeczowego.html",
    ),
    Provision("ups.authorisation", "art. 110 ust. 7–8 u.p.s.", UPS, UPS_FROM, None, ISAP + "WDU20040640593"),
    Provision(
        "ups.director",
        "art. 122 ust. 1 u.p.s.",
        UPS,
        UPS_FROM,
        _day_before(CUS_FROM),
        "https://lexlege.pl/ustawa-o-pomocy-spolecznej/art-122/",
        {"years": 3},
    ),
    Provision(
        "ups.director",
        "art. 122 ust. 1 u.p.s. (ust. 2: nie dotyczy dyrektora centrum usług społecznych)",
        UPS,
        CUS_FROM,
        None,
        "https://lexlege.pl/ustawa-o-pomocy-spolecznej/art-122/",
        {"years": 3},
    ),
    Provision(
        "ups.tasks",
        "art. 45 u.p.s. (praca socjalna)",
        UPS,
        UPS_FROM,
        None,
        ISAP + "WDU20040640593",
    ),
    # --- the environmental interview: 2016 and 2021 regulations --------------------------------
    Provision(
        "interview.deadline",
        f"§ 2 ust. 1 rozporządzenia {RWS_2016_TAIL}; art. 106 ust. 4 u.p.s.",
        RWS_2016,
        RWS_2016_FROM,
        _day_before(RWS_2021_FROM),
        RWS_2016_TEXT,
        "14 wd",
    ),
    Provision(
        "interview.deadline",
        f"§ 3 ust. 2 rozporządzenia {RWS_2021_TAIL}; art. 106 ust. 4 u.p.s.",
        RWS_2021,
        RWS_2021_FROM,
        None,
        "https://sip.lex.pl/akty-prawne/dzu-dziennik-ustaw/rodzinny-wywiad-srodowiskowy-19111020/par-3",
        "14 wd",
    ),
    Provision(
        "interview.urgent",
        f"§ 2 ust. 2 rozporządzenia {RWS_2016_TAIL} – sprawy niecierpiące zwłoki; art. 106 ust. 4 u.p.s.",
        RWS_2016,
        RWS_2016_FROM,
        _day_before(RWS_2021_FROM),
        RWS_2016_TEXT,
        "2 wd",
    ),
    Provision(
        "interview.urgent",
        f"§ 3 ust. 3 rozporządzenia {RWS_2021_TAIL} – sprawy niecierpiące zwłoki; art. 106 ust. 4 u.p.s.",
        RWS_2021,
        RWS_2021_FROM,
        None,
        "https://sip.lex.pl/akty-prawne/dzu-dziennik-ustaw/rodzinny-wywiad-srodowiskowy-19111020/par-3",
        "2 wd",
    ),
    # --- family support -----------------------------------------------------------------------
    Provision(
        "uwr.assign_assistant",
        "art. 11 ust. 3–4 ustawy o wspieraniu rodziny i systemie pieczy zastępczej",
        UWR,
        UWR_FROM,
        None,
        "https://gops.czarnadabrowka.com.pl/index.php/gops/asystent-rodziny/organizacja-pracy",
    ),
    Provision(
        "uwr.assistant_cap",
        "art. 15 ust. 4 ustawy o wspieraniu rodziny i systemie pieczy zastępczej (do 20 rodzin; "
        "dzień zmiany na 15: niezweryfikowane)",
        UWR,
        UWR_FROM,
        _day_before(ASSISTANT_15_FROM),
        "https://wartowiedziec.pl/polityka-spoleczna/8961-komentarz-do-ustawy-o-wspieraniu-rodziny-zadania-asystenta-art-15-ust-2-4",
        20,
    ),
    Provision(
        "uwr.assistant_cap",
        "art. 15 ust. 4 ustawy o wspieraniu rodziny i systemie pieczy zastępczej",
        UWR,
        ASSISTANT_15_FROM,
        None,
        "https://gops.czarnadabrowka.com.pl/index.php/gops/asystent-rodziny/organizacja-pracy",
        15,
    ),
    Provision(
        "uwr.assistant_qualifications",
        "art. 12 ust. 1 ustawy o wspieraniu rodziny i systemie pieczy zastępczej (kwalifikacje asystenta rodziny)",
        UWR,
        UWR_FROM,
        None,
        "https://www.prawo.pl/samorzad/ukonczenie-pedagogiki-spolecznej-nie-upowaznia-do-stanowiska-asystenta-rodziny,90991.html",
    ),
    Provision(
        "uwr.assistant_not_social_worker",
        "art. 12 ustawy o wspieraniu rodziny i systemie pieczy zastępczej: praca asystenta rodziny nie może być "
        "łączona z wykonywaniem obowiązków pracownika socjalnego (jednostka redakcyjna: niezweryfikowane)",
        UWR,
        UWR_FROM,
        None,
        "https://www.prawo.pl/samorzad/ukonczenie-pedagogiki-spolecznej-nie-upowaznia-do-stanowiska-asystenta-rodziny,90991.html",
    ),
    # --- domestic violence: words and the Niebieska Karta deadlines ----------------------------
    Provision(
        "violence.term",
        "art. 2 ustawy o przeciwdziałaniu przemocy w rodzinie",
        VIOLENCE_2005,
        date(2005, 11, 21),  # unverified: the act's entry into force
        _day_before(VIOLENCE_2023_FROM),
        ISAP + "WDU20051801493",
        {
            "nom": "przemoc w rodzinie",
            "gen": "przemocy w rodzinie",
            "dat": "przemocy w rodzinie",
            "loc": "przemocy w rodzinie",
        },
    ),
    Provision(
        "violence.term",
        "art. 2 ustawy o przeciwdziałaniu przemocy domowej",
        VIOLENCE_2023,
        VIOLENCE_2023_FROM,
        None,
        ISAP + "WDU20230000535",
        {"nom": "przemoc domowa", "gen": "przemocy domowej", "dat": "przemocy domowej", "loc": "przemocy domowej"},
    ),
    Provision(
        "violence.victim",
        "art. 3 ust. 1 ustawy o przeciwdziałaniu przemocy w rodzinie (osoba dotknięta przemocą w rodzinie; "
        "jednostka redakcyjna: niezweryfikowane)",
        VIOLENCE_2005,
        date(2005, 11, 21),  # unverified: the act's entry into force
        _day_before(VIOLENCE_2023_FROM),
        "https://podyplomie.pl/medical-tribune/26097,lekarzowi-ufamy-bardziej-niz-policjantowi?page=2",
        {
            "nom": "osoba dotknięta przemocą w rodzinie",
            "gen": "osoby dotkniętej przemocą w rodzinie",
            "ins": "osobą dotkniętą przemocą w rodzinie",
            "dat_pl": "osobom dotkniętym przemocą w rodzinie",
        },
    ),
    Provision(
        "violence.victim",
        "art. 2 ust. 1 pkt 2 ustawy o przeciwdziałaniu przemocy domowej (osoba doznająca przemocy domowej; "
        "§ 2 ust. 3 rozporządzenia z dnia 6 września 2023 r. odsyła do tego przepisu)",
        VIOLENCE_2023,
        VIOLENCE_2023_FROM,
        None,
        "https://www.prawo.pl/akty/dz-u-2023-1870,21873321.html",
        {
            "nom": "osoba doznająca przemocy domowej",
            "gen": "osoby doznającej przemocy domowej",
            "ins": "osobą doznającą przemocy domowej",
            "dat_pl": "osobom doznającym przemocy domowej",
        },
    ),
    Provision(
        "nk.group",
        "art. 9a ustawy o przeciwdziałaniu przemocy w rodzinie (grupy robocze)",
        VIOLENCE_2005,
        date(2010, 8, 1),  # unverified: working groups from the 2010 amendment
        _day_before(VIOLENCE_2023_FROM),
        ISAP + "WDU20051801493",
        {
            "nom": "grupa robocza",
            "gen": "grupy roboczej",
            "dat": "grupie roboczej",
            "acc": "grupę roboczą",
            "gen_pl": "grup roboczych",
            "loc_pl": "grupach roboczych",
        },
    ),
    Provision(
        "nk.group",
        "art. 9a ustawy o przeciwdziałaniu przemocy domowej (grupy diagnostyczno-pomocowe)",
        VIOLENCE_2023,
        VIOLENCE_2023_FROM,
        None,
        ISAP + "WDU20230000535",
        {
            "nom": "grupa diagnostyczno-pomocowa",
            "gen": "grupy diagnostyczno-pomocowej",
            "dat": "grupie diagnostyczno-pomocowej",
            "acc": "grupę diagnostyczno-pomocową",
            "gen_pl": "grup diagnostyczno-pomocowych",
            "loc_pl": "grupach diagnostyczno-pomocowych",
        },
    ),
    Provision(
        "nk.pass_to_team",
        f"{NK_2011}: przekazanie formularza „Niebieska Karta – A” przewodniczącemu zespołu "
        "interdyscyplinarnego w ciągu 7 dni (paragraf: niezweryfikowane)",
        NK_2011,
        NK_2011_FROM,
        _day_before(NK_2023_FROM),
        "https://podyplomie.pl/medical-tribune/26097,lekarzowi-ufamy-bardziej-niz-policjantowi?page=2",
        "7 d",
    ),
    Provision(
        "nk.pass_to_team",
        f"{NK_2023}: przekazanie formularza „Niebieska Karta – A” przewodniczącemu zespołu "
        "interdyscyplinarnego w ciągu 5 dni roboczych (paragraf: niezweryfikowane)",
        NK_2023,
        NK_2023_FROM,
        None,
        "https://www.prawo.pl/akty/dz-u-2023-1870,21873321.html",
        "5 wd",
    ),
    Provision(
        "nk.pass_to_group",
        f"{NK_2011} nie określa terminu przekazania formularza grupie roboczej (niezweryfikowane)",
        NK_2011,
        NK_2011_FROM,
        _day_before(NK_2023_FROM),
        ISAP + "WDU20112091245",
    ),
    Provision(
        "nk.pass_to_group",
        f"{NK_2023}: przekazanie formularza grupie diagnostyczno-pomocowej w ciągu 3 dni roboczych "
        "(paragraf: niezweryfikowane)",
        NK_2023,
        NK_2023_FROM,
        None,
        "https://www.prawo.pl/akty/dz-u-2023-1870,21873321.html",
        "3 wd",
    ),
    Provision(
        "nk.group_meeting",
        f"{NK_2011} nie określa terminu pierwszego posiedzenia grupy roboczej (niezweryfikowane)",
        NK_2011,
        NK_2011_FROM,
        _day_before(NK_2023_FROM),
        ISAP + "WDU20112091245",
    ),
    Provision(
        "nk.group_meeting",
        f"{NK_2023}: posiedzenie grupy diagnostyczno-pomocowej w ciągu 5 dni roboczych od otrzymania "
        "formularza (paragraf: niezweryfikowane)",
        NK_2023,
        NK_2023_FROM,
        None,
        "https://www.prawo.pl/akty/dz-u-2023-1870,21873321.html",
        "5 wd",
    ),
    # --- family benefits: the terms of art. 26 for the new benefit period ----------------------
    # Windows of (first day, last day of the application, day the right is set and paid by):
    # model.law.benefit_period reads them; a step's deadline names them with ``dates:``.
    Provision(
        "family_benefits.new_period",
        "art. 26 ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych (terminy dla okresów "
        "zasiłkowych przed 2011/2012: niezweryfikowane – stosuje się art. 35 § 3 KPA)",
        FAMILY_BENEFITS,
        UPS_FROM,
        _day_before(OLD_PERIOD_TERMS_FROM),
        "http://gops.wielka-wies.pl/index.php/62-komunikaty/112-zasiki-rodzinne-i-dodatki-do-zasiku-rodzinnego-nowy-okres-zasikowy-20112012",
    ),
    Provision(
        "family_benefits.new_period",
        "art. 26 ust. 3 i 4 ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych: wniosek na nowy "
        "okres zasiłkowy złożony do 30 września – ustalenie prawa i wypłata świadczeń za listopad do "
        "30 listopada, od 1 października do 30 listopada – do 31 grudnia",
        FAMILY_BENEFITS,
        OLD_PERIOD_TERMS_FROM,
        _day_before(NEW_PERIOD_FROM),
        "http://ops-sepolno.pl/okres-zasilkowy-20132014/",
        [("09-01", "09-30", "11-30"), ("10-01", "11-30", "12-31")],
    ),
    Provision(
        "family_benefits.new_period",
        "art. 26 ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych: wniosek na nowy okres "
        "zasiłkowy złożony od 1 sierpnia do 31 sierpnia – ustalenie prawa i wypłata do 30 listopada, od "
        "1 września do 31 października – do 31 grudnia, od 1 listopada do 31 grudnia – do ostatniego dnia "
        "lutego (numery ustępów i dzień wejścia w życie zmiany: niezweryfikowane)",
        FAMILY_BENEFITS,
        NEW_PERIOD_FROM,
        _day_before(JULY_APPLICATIONS_FROM),
        "https://www.elblag.eu/index.php/mieszkancy/11084-terminy-skladania-wnioskow-o-swiadczenia-rodzinne",
        [("08-01", "08-31", "11-30"), ("09-01", "10-31", "12-31"), ("11-01", "12-31", "02-end")],
    ),
    Provision(
        "family_benefits.new_period",
        "art. 26 ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych: wniosek na nowy okres "
        "zasiłkowy złożony od 1 lipca (elektronicznie) do 31 sierpnia – ustalenie prawa i wypłata do "
        "30 listopada, od 1 września do 31 października – do 31 grudnia, od 1 listopada do 31 grudnia – do "
        "ostatniego dnia lutego (numery ustępów, dzień zmiany i termin dla wniosków z listopada i grudnia: "
        "niezweryfikowane)",
        FAMILY_BENEFITS,
        JULY_APPLICATIONS_FROM,
        None,
        "https://jaojaboja.pl/swiadczenia-rodzinne-20252026-do-kiedy-zlozyc-wniosek",
        [("07-01", "08-31", "11-30"), ("09-01", "10-31", "12-31"), ("11-01", "12-31", "02-end")],
    ),
    # --- the government meals programme (posiłek, art. 17 u.p.s.) -----------------------------
    Provision(
        "meals.programme",
        "uchwała nr 221 Rady Ministrów z dnia 10 grudnia 2013 r. – wieloletni program „Pomoc państwa "
        "w zakresie dożywiania” na lata 2014–2020 (M.P. 2013 poz. 1024); stosowany do 31.12.2018 r. "
        "(zastąpienie programem na lata 2019–2023 od 1.01.2019 r.: niezweryfikowane)",
        "uchwała nr 221 Rady Ministrów z dnia 10 grudnia 2013 r. (M.P. 2013 poz. 1024)",
        date(2014, 1, 1),
        date(2018, 12, 31),
        "https://www.mops.ilawa.pl/akty-prawne-przepisy/rozporzadzenia-i-uchwaly/uchwala-rm-w-sprawie-programu-dozywiania-2014-2020.html",
        "„Pomoc państwa w zakresie dożywiania” na lata 2014–2020",
    ),
    Provision(
        "meals.programme",
        "uchwała nr 140 Rady Ministrów z dnia 15 października 2018 r. – wieloletni rządowy program „Posiłek "
        "w szkole i w domu” na lata 2019–2023 (M.P. 2018 poz. 1007)",
        "uchwała nr 140 Rady Ministrów z dnia 15 października 2018 r. (M.P. 2018 poz. 1007)",
        date(2019, 1, 1),
        date(2023, 12, 31),
        "http://bip.jastrzebie.pl/artykul/71054-projekt-uchwaly-w-sprawie:-zmiany-uchwaly-nr-iv.33.2018-rady-miasta-jastrzebie-%E2%80%93-zdroj-z-dnia-18-grudnia-2018r.-w-sprawie-podwyzszenia-kryterium-dochodowego-uprawniajacego-do-przyznania-swiadczenia-pienieznego-na-zakup-posilku-lub-zywnosci-dla-osob",
        "„Posiłek w szkole i w domu” na lata 2019–2023",
    ),
    Provision(
        "meals.programme",
        "uchwała nr 149 Rady Ministrów z dnia 23 sierpnia 2023 r. – wieloletni rządowy program „Posiłek "
        "w szkole i w domu” na lata 2024–2028 (M.P. 2023 poz. 881)",
        "uchwała nr 149 Rady Ministrów z dnia 23 sierpnia 2023 r. (M.P. 2023 poz. 881)",
        date(2024, 1, 1),
        None,
        "https://www.kuratorium.lodz.pl/program-rzadowy/posilek-w-szkole-i-w-domu-na-lata-2024-2028/",
        "„Posiłek w szkole i w domu” na lata 2024–2028",
    ),
    # --- who pays the świadczenie wychowawcze (500+) -------------------------------------------
    Provision(
        "child_benefit.body",
        "ustawa o pomocy państwa w wychowywaniu dzieci: świadczenie wychowawcze ustala gmina (wójt, "
        "burmistrz lub prezydent miasta; przepis: niezweryfikowane)",
        SW_2016,
        date(2016, 4, 1),
        _day_before(ZUS_500_FROM),
        ISAP + "WDU20160000195",
        {"body": "gmina", "stems": ["świadczeni", "wychowawcz"]},
    ),
    Provision(
        "child_benefit.body",
        "ustawa o pomocy państwa w wychowywaniu dzieci: od 1.01.2022 r. świadczenie wychowawcze ustala "
        "i wypłaca Zakład Ubezpieczeń Społecznych",
        SW_2016,
        ZUS_500_FROM,
        None,
        "https://www.gov.pl/web/rodzina/rodzina-500-plus",
        {"body": "ZUS", "stems": ["świadczeni", "wychowawcz"]},
    ),
    # --- Centrum Usług Społecznych -----------------------------------------------------------
    Provision(
        "cus.creation",
        "art. 9 ust. 1–3 ustawy o realizowaniu usług społecznych przez centrum usług społecznych",
        CUS,
        CUS_FROM,
        None,
        "https://doradcawpomocyspolecznej.pl/artykul/nie-wylac-dziecka-z-kapiela-czyli-jak-przygotowac-sie-do-utworzenia-centrum-uslug-spolecznych-cz-2",
        institution="cus",
    ),
    Provision(
        "cus.programme_tasks",
        "art. 13 ust. 1 pkt 4 ustawy o realizowaniu usług społecznych przez centrum usług społecznych "
        "(kwalifikowanie do usług programu, indywidualne plany usług społecznych)",
        CUS,
        CUS_FROM,
        None,
        "https://doradcawpomocyspolecznej.pl/artykul/nie-wylac-dziecka-z-kapiela-czyli-jak-przygotowac-sie-do-utworzenia-centrum-uslug-spolecznych-1",
        institution="cus",
    ),
    Provision(
        "cus.posts",
        "art. 13 ust. 1 pkt 4 (kwalifikowanie do usług, indywidualne plany) i art. 30 (koordynator "
        "indywidualnych planów usług społecznych) ustawy o realizowaniu usług społecznych przez centrum "
        "usług społecznych; art. 28 (organizator usług społecznych): niezweryfikowane",
        CUS,
        CUS_FROM,
        None,
        "https://standardyprawa.pl/akt/378/art/46974",
        ["services_organiser", "plan_coordinator"],
        institution="cus",
    ),
    Provision(
        "cus.director",
        "ustawa o realizowaniu usług społecznych przez centrum usług społecznych: wymagania wobec dyrektora "
        "centrum (artykuł: niezweryfikowane); art. 122 ust. 2 u.p.s. wyłącza wymogi art. 122 ust. 1",
        CUS,
        CUS_FROM,
        None,
        "https://lexlege.pl/ustawa-o-pomocy-spolecznej/art-122/",
        institution="cus",
    ),
    Provision(
        "cus.refusal_decision",
        "ustawa o realizowaniu usług społecznych przez centrum usług społecznych: odmowa zakwalifikowania "
        "do usługi z programu w drodze decyzji, zakwalifikowanie bez decyzji (artykuł: niezweryfikowane)",
        CUS,
        CUS_FROM,
        None,
        "https://ekspertpr.pl/ustawa-o-realizowaniu-uslug-spolecznych-przez-centrum-uslug-spolecznych",
        institution="cus",
    ),
    Provision(
        "cus.individual_plan",
        "ustawa o realizowaniu usług społecznych przez centrum usług społecznych: indywidualny plan usług "
        "społecznych opracowuje się w terminie nie dłuższym niż 30 dni od dnia wystąpienia z wnioskiem "
        "(artykuł: niezweryfikowane)",
        CUS,
        CUS_FROM,
        None,
        "https://cusstawiski.pl/?page_id=1320",
        "30 d",
        institution="cus",
    ),
    Provision(
        "cus.diagnosis",
        "ustawa o realizowaniu usług społecznych przez centrum usług społecznych: centrum opracowuje diagnozę "
        "potrzeb i potencjału wspólnoty samorządowej w zakresie usług społecznych raz na 5 lat (okres: według "
        "stron centrów usług społecznych; artykuł: niezweryfikowane)",
        CUS,
        CUS_FROM,
        None,
        "https://cus.czersk.pl/aktualnosc/cus/995-konsultacje-spoleczne-diagnoza-potrzeb-i-potencjalu",
        5,
        institution="cus",
    ),
    Provision(
        "cus.programme",
        "ustawa o realizowaniu usług społecznych przez centrum usług społecznych: program usług społecznych "
        "przyjmuje rada gminy w drodze uchwały (akt prawa miejscowego), na podstawie diagnozy; usługi "
        "z programu centrum przyznaje w ramach programu (artykuł: niezweryfikowane)",
        CUS,
        CUS_FROM,
        None,
        "https://gov.legalis.pl/realizowanie-uslug-spolecznych-przez-centra-uslug-spolecznych/",
        institution="cus",
    ),
    Provision(
        "cus.separation",
        "ustawa o realizowaniu usług społecznych przez centrum usług społecznych nie reguluje oddzielenia "
        "pracy socjalnej od postępowań w sprawie świadczeń: ustawa milczy, reguła SEP001 stosuje się "
        "tylko do modelu rozdzielonego",
        CUS,
        CUS_FROM,
        None,
        "https://ekspertpr.pl/ustawa-o-realizowaniu-uslug-spolecznych-przez-centrum-uslug-spolecznych",
        institution="cus",
    ),
)
