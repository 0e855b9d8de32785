"""The interface's words in Polish and English, in one dictionary.

Polish is the language of the people who use the tool (and the default); every key has both
languages, which the tests check, so switching never shows a key instead of a sentence.
Values may hold ``{placeholders}`` filled by :func:`t`.
"""

from __future__ import annotations

LANGUAGES = {"pl": "Polski", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    # application
    "app.title": {
        "pl": "Konfigurator struktury ośrodka pomocy społecznej",
        "en": "Social-welfare centre structure configurator",
    },
    "app.caption": {
        "pl": "{name} · model: {model} · {population} mieszkańców · {units} komórek · {fte} etatów · "
        "{procedures} procedur · błędy: {errors}, ostrzeżenia: {warnings}",
        "en": "{name} · model: {model} · {population} inhabitants · {units} units · {fte} FTE · "
        "{procedures} procedures · errors: {errors}, warnings: {warnings}",
    },
    "model.separated": {"pl": "rozdzielony (Nowy Model)", "en": "separated (new model)"},
    "model.care_area": {"pl": "tradycyjny (rejony opiekuńcze)", "en": "traditional (care areas)"},
    "tab.structure": {"pl": "Struktura", "en": "Structure"},
    "tab.edit": {"pl": "Edycja", "en": "Edit"},
    "tab.flow": {"pl": "Przepływ klienta", "en": "Client flow"},
    "tab.simulation": {"pl": "Symulacja", "en": "Simulation"},
    "tab.compare": {"pl": "Porównanie", "en": "Comparison"},
    "tab.trainer": {"pl": "Tryb szkoleniowy", "en": "Trainer mode"},
    "tab.export": {"pl": "Eksport", "en": "Export"},
    # sidebar
    "sidebar.language": {"pl": "Język", "en": "Language"},
    "sidebar.config": {"pl": "Konfiguracja", "en": "Configuration"},
    "sidebar.pick": {"pl": "Plik z katalogu org_configs", "en": "File from org_configs"},
    "sidebar.uploaded": {"pl": "(wczytano plik z dysku)", "en": "(uploaded file)"},
    "sidebar.upload": {"pl": "…albo wczytaj plik YAML", "en": "…or upload a YAML file"},
    "sidebar.current": {"pl": "Bieżąca konfiguracja: {name}", "en": "Current configuration: {name}"},
    "sidebar.modified": {
        "pl": "Niezapisane zmiany: {count}. Pobierz YAML, aby je zachować.",
        "en": "Unsaved edits: {count}. Download the YAML to keep them.",
    },
    "sidebar.download": {"pl": "Pobierz YAML", "en": "Download YAML"},
    "undo.button": {"pl": "Cofnij: {label}", "en": "Undo: {label}"},
    "undo.nothing": {"pl": "Cofnij (brak zmian)", "en": "Undo (no edits)"},
    "undo.done": {"pl": "Cofnięto: {label}", "en": "Undone: {label}"},
    "switch.warning": {
        "pl": "Wczytanie „{name}” porzuci niezapisane zmiany ({count}). Najpierw pobierz YAML, "
        "jeśli chcesz je zachować.",
        "en": "Opening “{name}” discards the unsaved edits ({count}). Download the YAML first "
        "if you want to keep them.",
    },
    "switch.confirm": {"pl": "Porzuć zmiany", "en": "Discard edits"},
    "switch.cancel": {"pl": "Anuluj", "en": "Cancel"},
    "load.failed": {
        "pl": "Nie można wczytać „{name}”; bieżąca konfiguracja pozostaje bez zmian:",
        "en": "Cannot load “{name}”; the current configuration is unchanged:",
    },
    "load.none": {
        "pl": "Brak konfiguracji do wczytania: dodaj plik do org_configs/ albo wczytaj plik YAML.",
        "en": "No configuration to load: add a file to org_configs/ or upload a YAML file.",
    },
    "upload.not_utf8": {
        "pl": "plik nie jest tekstem UTF-8; zapisz go w UTF-8 (z polskimi znakami)",
        "en": "the file is not UTF-8 text; save it as UTF-8",
    },
    # structure and findings
    "structure.color": {"pl": "Koloruj według funkcji", "en": "Colour by function"},
    "structure.fte": {"pl": "Pokaż etaty", "en": "Show FTE"},
    "structure.location": {"pl": "Pokaż adresy", "en": "Show addresses"},
    "structure.highlight": {"pl": "Wyróżnij komórki z uwagami", "en": "Highlight units with findings"},
    "structure.highlight_note": {
        "pl": "Komórki w czerwonej ramce mają uwagi walidacji (tabela poniżej).",
        "en": "Units framed in red have validation findings (table below).",
    },
    "findings.title_count": {
        "pl": "Uwagi walidacji (błędy: {errors}, ostrzeżenia: {warnings})",
        "en": "Validation findings (errors: {errors}, warnings: {warnings})",
    },
    "findings.select_hint": {
        "pl": "Zaznacz wiersz, aby wskazać jego komórkę na schemacie albo krok na diagramie przepływu.",
        "en": "Select a row to point at its unit on the chart or its step on the flow diagram.",
    },
    "findings.none": {
        "pl": "Brak uwag: konfiguracja spełnia wszystkie reguły.",
        "en": "No findings: the configuration passes every rule.",
    },
    "severity.error": {"pl": "błąd", "en": "error"},
    "severity.warning": {"pl": "ostrzeżenie", "en": "warning"},
    "subject.centre": {"pl": "Ośrodek", "en": "Centre"},
    "subject.unit": {"pl": "Komórka", "en": "Unit"},
    "subject.procedure": {"pl": "Procedura", "en": "Procedure"},
    # table columns
    "col.severity": {"pl": "Waga", "en": "Severity"},
    "col.rule": {"pl": "Reguła", "en": "Rule"},
    "col.subject": {"pl": "Dotyczy", "en": "Concerns"},
    "col.message": {"pl": "Opis", "en": "Message"},
    "col.file": {"pl": "Plik", "en": "File"},
    "col.line": {"pl": "Wiersz", "en": "Line"},
    "col.role": {"pl": "Stanowisko", "en": "Role"},
    "col.fte": {"pl": "Etaty", "en": "FTE"},
    "col.note": {"pl": "Uwagi", "en": "Note"},
    "col.to": {"pl": "Następny krok", "en": "Next step"},
    "col.p": {"pl": "Prawdopodobieństwo", "en": "Probability"},
    "col.reason": {"pl": "Powód", "en": "Reason"},
    "col.step": {"pl": "Krok", "en": "Step"},
    "col.function": {"pl": "Funkcja", "en": "Function"},
    "col.unit": {"pl": "Komórka", "en": "Unit"},
    "col.address": {"pl": "Adres", "en": "Address"},
    "col.document": {"pl": "Dokument", "en": "Document"},
    "col.deadline": {"pl": "Termin", "en": "Deadline"},
    "col.procedure": {"pl": "Procedura", "en": "Procedure"},
    "col.arrived": {"pl": "Zgłoszenia", "en": "Arrived"},
    "col.completed": {"pl": "Zakończone", "en": "Completed"},
    "col.lead": {"pl": "Średni czas sprawy (dni)", "en": "Mean lead time (days)"},
    "col.deadline_share": {"pl": "Dotrzymane terminy", "en": "Deadlines met"},
    "col.count": {"pl": "Liczba", "en": "Count"},
    "col.queue": {"pl": "Średnia kolejka", "en": "Mean queue"},
    "kind.management": {"pl": "kierownictwo", "en": "management"},
    "kind.department": {"pl": "dział", "en": "department"},
    "kind.team": {"pl": "zespół", "en": "team"},
    "kind.post": {"pl": "stanowisko", "en": "post"},
    "kind.section": {"pl": "sekcja", "en": "section"},
    "role.manager": {"pl": "kierownik", "en": "manager"},
    "role.social_worker": {"pl": "pracownik socjalny", "en": "social worker"},
    "role.family_assistant": {"pl": "asystent rodziny", "en": "family assistant"},
    "role.clerk": {"pl": "pracownik administracyjny", "en": "clerk"},
    "role.specialist": {"pl": "specjalista", "en": "specialist"},
    "role.accountant": {"pl": "księgowy", "en": "accountant"},
    "role.carer": {"pl": "opiekun", "en": "carer"},
    "role.psychologist": {"pl": "psycholog", "en": "psychologist"},
    "role.lawyer": {"pl": "prawnik", "en": "lawyer"},
    "role.other": {"pl": "inne", "en": "other"},
    # editing
    "edit.mode": {"pl": "Co edytujesz", "en": "What to edit"},
    "edit.mode_units": {"pl": "Komórki", "en": "Units"},
    "edit.mode_procedures": {"pl": "Procedury", "en": "Procedures"},
    "edit.unit": {"pl": "Komórka", "en": "Unit"},
    "edit.name": {"pl": "Nazwa", "en": "Name"},
    "edit.symbol": {"pl": "Symbol", "en": "Symbol"},
    "edit.kind": {"pl": "Rodzaj", "en": "Kind"},
    "edit.location": {"pl": "Budynek", "en": "Building"},
    "edit.no_location": {"pl": "(jak przełożony)", "en": "(as the supervisor)"},
    "edit.functions": {"pl": "Obsługiwane funkcje", "en": "Functions served"},
    "edit.save_unit": {"pl": "Zapisz zmiany komórki", "en": "Save unit"},
    "edit.staff": {"pl": "Obsada (etaty)", "en": "Staff (FTE)"},
    "edit.staff_hint": {
        "pl": "Zmiana w tabeli od razu trafia do konfiguracji; dodaj wiersz przyciskiem +.",
        "en": "A change in the table applies at once; add a row with +.",
    },
    "edit.parent": {"pl": "Podlega", "en": "Reports to"},
    "edit.top": {"pl": "(najwyższy poziom)", "en": "(top level)"},
    "edit.move": {"pl": "Przenieś", "en": "Move"},
    "edit.delete": {"pl": "Usuń komórkę", "en": "Delete unit"},
    "edit.delete_note": {
        "pl": "Usunięcie obejmie też komórki podległe ({count}); można je cofnąć.",
        "en": "Deleting also removes the {count} subordinate unit(s); it can be undone.",
    },
    "edit.add": {"pl": "Dodaj komórkę", "en": "Add a unit"},
    "edit.add_parent": {"pl": "Przełożony", "en": "Supervisor"},
    "edit.id": {"pl": "Identyfikator", "en": "Identifier"},
    "edit.id_help": {
        "pl": "Litery bez polskich znaków, cyfry, _ lub -, np. zespol_uslug.",
        "en": "Letters, digits, _ or -, e.g. services_team.",
    },
    "edit.add_button": {"pl": "Dodaj", "en": "Add"},
    "edit.procedure": {"pl": "Procedura", "en": "Procedure"},
    "edit.demand": {"pl": "Zgłoszenia na tydzień", "en": "Clients per week"},
    "edit.demand_scaled": {
        "pl": "Liczba podana dla {population} mieszkańców; dla tego ośrodka: {rate} tygodniowo.",
        "en": "Given for {population} inhabitants; for this centre: {rate} a week.",
    },
    "edit.save_demand": {"pl": "Zapisz liczbę zgłoszeń", "en": "Save demand"},
    "edit.step": {"pl": "Krok", "en": "Step"},
    "edit.p_sum": {
        "pl": "Suma prawdopodobieństw: {total} (musi wynosić 1)",
        "en": "Sum of probabilities: {total} (must be 1)",
    },
    "edit.save_routing": {"pl": "Zapisz przejścia", "en": "Save routing"},
    "edit.step_function": {"pl": "Funkcja obsługująca krok", "en": "Function serving the step"},
    "edit.save_step_function": {"pl": "Zapisz funkcję kroku", "en": "Save the step's function"},
    "edit.no_procedures": {"pl": "Ta konfiguracja nie ma procedur.", "en": "This configuration has no procedures."},
    "edit.refused": {"pl": "Zmiana odrzucona:", "en": "Edit refused:"},
    "edit.done": {"pl": "Zmieniono: {label}", "en": "Edited: {label}"},
    "edit.findings_now": {
        "pl": "**Po zmianach:** błędy: {errors}, ostrzeżenia: {warnings}",
        "en": "**After the edits:** errors: {errors}, warnings: {warnings}",
    },
    "label.update": {"pl": "dane komórki „{unit}”", "en": "details of “{unit}”"},
    "label.staff": {"pl": "obsada „{unit}”", "en": "staff of “{unit}”"},
    "label.move": {"pl": "przeniesienie „{unit}”", "en": "moving “{unit}”"},
    "label.delete": {"pl": "usunięcie „{unit}”", "en": "deleting “{unit}”"},
    "label.add": {"pl": "dodanie „{unit}”", "en": "adding “{unit}”"},
    "label.demand": {"pl": "zgłoszenia „{procedure}”", "en": "demand of “{procedure}”"},
    "label.step_function": {"pl": "funkcja kroku „{procedure}” › {step}", "en": "function of “{procedure}” › {step}"},
    "label.routing": {"pl": "przejścia „{procedure}” › {step}", "en": "routing of “{procedure}” › {step}"},
    # client flow diagrams
    "flow.start": {"pl": "Klient", "en": "Client"},
    "flow.end": {"pl": "Koniec", "en": "End"},
    "flow.unknown_step": {"pl": "nieznany krok „{step}”", "en": "unknown step “{step}”"},
    "flow.no_unit": {"pl": "brak komórki z obsadą!", "en": "no staffed unit!"},
    "flow.home": {"pl": "w domu klienta", "en": "at the client's home"},
    "flow.no_address": {"pl": "adres nieznany", "en": "address unknown"},
    "flow.document": {"pl": "dokument: {document}", "en": "document: {document}"},
    "flow.decision": {"pl": "decyzja administracyjna", "en": "administrative decision"},
    "flow.deadline": {"pl": "{within} {start} ({basis})", "en": "{within} {start} ({basis})"},
    "flow.deadline_label": {"pl": "termin: {deadline}", "en": "deadline: {deadline}"},
    "span.minutes": {"pl": "{amount} min", "en": "{amount} min"},
    "span.working_days": {"pl": "{amount} dni roboczych", "en": "{amount} working days"},
    "span.days": {"pl": "{amount} dni", "en": "{amount} days"},
    "span.months": {"pl": "{amount} mies.", "en": "{amount} month(s)"},
    "flow.from_arrival": {"pl": "od zgłoszenia", "en": "from arrival"},
    "flow.from_step": {"pl": "od kroku „{step}”", "en": "from step “{step}”"},
    "flow.by_building": {"pl": "Grupuj według budynków", "en": "Group by building"},
    "flow.basis": {"pl": "Podstawa prawna", "en": "Legal basis"},
    "flow.legend": {
        "pl": "Przerywana ramka: krok w domu klienta. Podwójna ramka: decyzja administracyjna. "
        "Czerwona ramka: krok z uwagą walidacji. "
        "Grubość strzałki: prawdopodobieństwo. Ramki budynków: każda strzałka między nimi "
        "to przejazd klienta.",
        "en": "Dashed frame: a step at the client's home. Double frame: administrative decision. "
        "Red frame: a step with a validation finding. "
        "Arrow width: probability. Building frames: every arrow between them is a trip.",
    },
    # simulation
    "sim.days": {"pl": "Dni symulacji", "en": "Days simulated"},
    "sim.seed": {"pl": "Ziarno losowania", "en": "Random seed"},
    "sim.replications": {"pl": "Liczba powtórzeń", "en": "Replications"},
    "sim.warmup": {"pl": "Dni rozbiegu (nieliczone)", "en": "Warm-up days (not counted)"},
    "sim.demand_all": {"pl": "Mnożnik liczby zgłoszeń (wszystkie procedury)", "en": "Demand multiplier (all)"},
    "sim.demand_each": {
        "pl": "Dodatkowe mnożniki dla poszczególnych procedur",
        "en": "Further multipliers per procedure",
    },
    "sim.run": {"pl": "Uruchom symulację", "en": "Run the simulation"},
    "sim.running": {"pl": "Symulacja w toku…", "en": "Simulating…"},
    "sim.progress": {"pl": "Powtórzenie {done} z {total}", "en": "Replication {done} of {total}"},
    "sim.failed": {"pl": "Nie można przeprowadzić symulacji: {error}", "en": "Cannot simulate: {error}"},
    "sim.stale": {
        "pl": "Wyniki dotyczą wcześniejszej wersji konfiguracji; uruchom symulację ponownie.",
        "en": "These results are for an earlier version of the configuration; run again.",
    },
    "sim.hint": {
        "pl": "Ustaw parametry po lewej i uruchom symulację.",
        "en": "Set the parameters on the left and run the simulation.",
    },
    "sim.clients": {"pl": "Zgłoszenia (średnio)", "en": "Clients (mean)"},
    "sim.completed": {"pl": "Sprawy zakończone", "en": "Cases completed"},
    "sim.trips": {"pl": "Przejścia między budynkami", "en": "Moves between buildings"},
    "sim.trips_help": {
        "pl": "Ile razy klient musi przyjść do innego budynku niż poprzednio.",
        "en": "How often a client has to go to another building than before.",
    },
    "sim.trips_title": {"pl": "Przejścia między budynkami na klienta", "en": "Moves between buildings per client"},
    "sim.busiest": {"pl": "Najbardziej obciążona komórka", "en": "Busiest unit"},
    "sim.wait_title": {
        "pl": "Średnie oczekiwanie na krok: {count} najdłuższych (z 95% przedziałem)",
        "en": "Mean wait per step: the {count} longest (with 95% interval)",
    },
    "sim.wait_minutes": {"pl": "minuty robocze", "en": "working minutes"},
    "sim.wait_hours": {"pl": "godziny robocze", "en": "working hours"},
    "sim.wait_days": {"pl": "dni robocze", "en": "working days"},
    "sim.util_title": {"pl": "Obciążenie komórek", "en": "Utilisation of units"},
    "sim.util_axis": {"pl": "obciążenie", "en": "utilisation"},
    "sim.bottlenecks": {
        "pl": "Wąskie gardła (obciążenie ≥ 85%): {units}",
        "en": "Bottlenecks (utilisation ≥ 85%): {units}",
    },
    "sim.deadline_title": {"pl": "Dotrzymanie terminów ustawowych", "en": "Statutory deadlines met"},
    "sim.deadline_axis": {"pl": "udział spraw w terminie", "en": "share of cases in time"},
    "sim.tables": {"pl": "Tabele wyników", "en": "Result tables"},
    # comparison
    "compare.a": {"pl": "Wariant A (punkt odniesienia)", "en": "Variant A (baseline)"},
    "compare.b": {"pl": "Wariant B", "en": "Variant B"},
    "compare.current": {"pl": "Bieżąca: {name}", "en": "Current: {name}"},
    "compare.saved": {"pl": "Zapisana (bez edycji): {name}", "en": "Saved (unedited): {name}"},
    "compare.hint": {
        "pl": "Wybierz dwie konfiguracje i uruchom porównanie: te same procedury, zgłoszenia "
        "i ziarna losowania, różni się tylko organizacja.",
        "en": "Choose two configurations and run: same procedures, clients and seeds; only the organisation differs.",
    },
    "compare.procedures_differ": {
        "pl": "Procedury wariantu B różnią się od procedur wariantu A, a oba warianty przeliczono na procedurach A: "
        "porównanie pokazuje tylko różnicę organizacji. Aby zobaczyć skutek zmian procedur, ustaw wariant "
        "ze zmianami jako A albo uruchom dla niego zakładkę Symulacja.",
        "en": "B's procedures differ from A's, and both variants ran on A's procedures: the comparison shows only "
        "the difference in organisation. To see the effect of the procedure changes, make the changed "
        "variant A or run it on the Simulation tab.",
    },
    "compare.trips": {"pl": "Przejścia między budynkami", "en": "Moves between buildings"},
    "compare.lead": {"pl": "Średni czas sprawy (dni robocze)", "en": "Mean lead time (working days)"},
    "compare.deadlines": {"pl": "Dotrzymane terminy", "en": "Deadlines met"},
    "compare.busiest": {"pl": "Najwyższe obciążenie", "en": "Highest utilisation"},
    "compare.was": {"pl": "W wariancie A: {value}", "en": "In variant A: {value}"},
    "compare.table": {"pl": "Różnice według procedur (B − A)", "en": "Differences by procedure (B − A)"},
    "compare.legend": {
        "pl": "Zielone: B lepszy od A, czerwone: B gorszy. Kolor tylko przy różnicy ponad przypadek: "
        "rozłączne 95% przedziały ufności (wizyty: zmiana o co najmniej 5%).",
        "en": "Green: B better than A, red: B worse. Coloured only beyond chance: disjoint 95% "
        "confidence intervals (trips: a change of at least 5%).",
    },
    # trainer mode
    "trainer.client": {"pl": "Klient przykładowy nr", "en": "Sample client no."},
    "trainer.client_help": {
        "pl": "Każdy numer to inna, powtarzalna ścieżka klienta.",
        "en": "Each number is another, repeatable client path.",
    },
    "trainer.back": {"pl": "◀ Wstecz", "en": "◀ Back"},
    "trainer.next": {"pl": "Dalej ▶", "en": "Next ▶"},
    "trainer.restart": {"pl": "↺ Od początku", "en": "↺ Restart"},
    "trainer.step": {"pl": "Krok {number} z {count}", "en": "Step {number} of {count}"},
    "trainer.who": {"pl": "Kogo klient spotyka", "en": "Whom the client meets"},
    "trainer.where": {"pl": "Gdzie", "en": "Where"},
    "trainer.home": {
        "pl": "w domu klienta: pracownik przychodzi do niego (wywiad środowiskowy)",
        "en": "at the client's home: the worker comes to them (environmental interview)",
    },
    "trainer.new_trip": {
        "pl": "klient musi przyjść do tego budynku (wizyta nr {trips})",
        "en": "the client has to come to this building (trip no. {trips})",
    },
    "trainer.same_building": {"pl": "ten sam budynek co poprzednio", "en": "the same building as before"},
    "trainer.document": {"pl": "Dokument", "en": "Document"},
    "trainer.decision": {
        "pl": "Wydawana jest decyzja administracyjna (z prawem odwołania do SKO w 14 dni).",
        "en": "An administrative decision is issued (appealable to the SKO within 14 days).",
    },
    "trainer.deadline": {"pl": "Biegnące terminy", "en": "Deadlines running"},
    "trainer.this_step": {"pl": "ten krok", "en": "this step"},
    "trainer.why": {"pl": "Dlaczego tutaj", "en": "Why here"},
    "trainer.finished": {"pl": "Koniec ścieżki klienta", "en": "End of the client's path"},
    "trainer.summary": {
        "pl": "Kroki: {steps} · wizyty w budynkach: {trips} · różne budynki: {buildings}",
        "en": "Steps: {steps} · trips to buildings: {trips} · distinct buildings: {buildings}",
    },
    # export
    "export.chart": {"pl": "Schemat organizacyjny", "en": "Org chart"},
    "export.page": {"pl": "Format strony PDF", "en": "PDF page size"},
    "export.landscape": {"pl": "Poziomo", "en": "Landscape"},
    "export.split": {"pl": "Podziel na strony, jeśli się nie mieści", "en": "Split over pages if it does not fit"},
    "export.svg": {"pl": "Pobierz SVG", "en": "Download SVG"},
    "export.png": {"pl": "Pobierz PNG", "en": "Download PNG"},
    "export.dot": {"pl": "Pobierz DOT", "en": "Download DOT"},
    "export.pdf": {"pl": "Pobierz PDF", "en": "Download PDF"},
    "export.prepare_pdf": {"pl": "Przygotuj PDF", "en": "Prepare the PDF"},
    "export.rendering": {"pl": "Składanie PDF…", "en": "Rendering the PDF…"},
    "export.findings": {"pl": "Uwagi walidacji", "en": "Validation findings"},
    "export.findings_note": {"pl": "Liczba uwag: {count}.", "en": "Findings: {count}."},
    "export.staffing": {"pl": "Etatyzacja (załącznik nr 2)", "en": "Staffing (annex 2)"},
    "export.csv": {"pl": "Pobierz CSV", "en": "Download CSV"},
    "export.regulation": {
        "pl": "Zakres zadań komórek i załączniki 1–3 (projekt do regulaminu)",
        "en": "Scope of units and annexes 1–3 (draft for the regulation)",
    },
    "export.regulation_note": {
        "pl": "Z pól „tasks” komórek, pogrupowane według przełożonych; komórki bez zadań są oznaczone do uzupełnienia.",
        "en": "From the units' “tasks”, grouped by supervisor; units without tasks are marked to be completed.",
    },
    "export.md": {"pl": "Pobierz Markdown", "en": "Download Markdown"},
    "export.docx": {"pl": "Pobierz DOCX", "en": "Download DOCX"},
}


def t(key: str, lang: str = "pl", **values: object) -> str:
    """The text of ``key`` in ``lang`` (Polish for an unknown language), placeholders filled."""
    entry = STRINGS[key]
    text = entry.get(lang, entry["pl"])
    return text.format(**values) if values else text
