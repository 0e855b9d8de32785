"""A new centre's configuration from a shipped one used as a template, its own facts and its staffing table.

A director starting a centre of their own should not write YAML: they pick the kind of centre
(a MOPS in the separated model, a MOPS with care areas, a rural GOPS, a CUS), give its name,
population, date and addresses, paste or import the staffing table, and choose the procedures.
The template gives what a new centre has no reason to invent: the procedures (inlined, with their
cited comments), functions, working calendar, routing policy, costs and service levels. What is
the template's own centre (its name, regulation, statute, council resolutions) never carries over.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from model.config import roundtrip
from model.config.schema import Centre, UnitKind
from model.config.staff_table import Post, StaffTable, TableUnit, fold

CONFIG_DIR = Path(__file__).resolve().parents[2] / "org_configs"
TEMPLATES: dict[str, str] = {
    "separated": "tarnowskie_gory_2017.yaml",
    "care_area": "tarnowskie_gory_care_area.yaml",
    "gops": "gops_rural.yaml",
    "cus": "tarnowskie_gory_cus.yaml",
}
"""The kinds of centre a director can start from → the shipped configuration used as template."""
KEPT = ("functions", "calendar", "routing", "costs", "service_levels", "social_services")
"""Top-level sections the new centre takes from its template as they are, comments included."""
AUTHORISATION_NOTE = (
    "art. 110 ust. 7 u.p.s.: upoważnienie wójta (burmistrza, prezydenta miasta) dla kierownika ośrodka "
    "(assumption: zakres jak w szablonie – sprawdź treść upoważnienia)"
)
CENTRE_KEPT = ("model", "institution")
"""Keys of the template's ``centre`` that describe the kind of centre, not the template's own."""


@dataclass(frozen=True)
class CentreFacts:
    """What the director says of the new centre (the nominative name; the genitive is derived where it can be)."""

    name: str
    population: int
    short_name: str | None = None
    effective_from: dt.date | None = None
    name_genitive: str | None = None
    municipal_organ: str | None = None
    council: str | None = None
    comments: tuple[tuple[str, str], ...] = ()
    """(key, comment) pairs written beside the centre's keys, e.g. why a figure is assumed."""


def template_path(kind: str) -> Path:
    return CONFIG_DIR / TEMPLATES[kind]


def template_population(kind: str) -> int:
    """The template's population: a default until the director gives the gmina's own."""
    return int(_template(kind)["centre"]["population"])


def template_functions(kind: str) -> dict[str, str]:
    """The template's own functions, by id and by folded Polish name → id: what its staffing table may name."""
    found: dict[str, str] = {}
    for function in _template(kind).get("functions", []):
        found[str(function["id"])] = str(function["id"])
        if function.get("name"):
            found[fold(str(function["name"]))] = str(function["id"])
    return found


def template_procedures(kind: str) -> list[tuple[str, str]]:
    """(id, name) of every procedure the template applies, in its order: the choices offered."""
    document = _template(kind)
    return [(str(p["id"]), str(p.get("name", p["id"]))) for p in document.get("procedures", [])]


def _template(kind: str) -> CommentedMap:
    path = template_path(kind)
    document = roundtrip.parse(path.read_text(encoding="utf-8"))
    return roundtrip.inline_procedures(document, path.parent, path.name)


def slug(text: str, taken: set[str]) -> str:
    """An identifier from a Polish name (``Zespół ds. Usług`` → ``zespol_ds_uslug``), unique among ``taken``."""
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:60] or "komorka"
    if base[0].isdigit():
        base = "k_" + base
    found, n = base, 2
    while found in taken:
        found, n = f"{base}_{n}", n + 1
    taken.add(found)
    return found


def new_centre_text(
    kind: str,
    facts: CentreFacts,
    table: StaffTable,
    procedures: Iterable[str] | None = None,
    addresses: Mapping[str, str] | None = None,
) -> str:
    """The new centre's configuration as YAML text, ready to validate, save and simulate.

    ``procedures`` are ids of the template's procedures to apply (default: all); ``addresses``
    names locations (an address → its name) beyond those the table's units give.
    """
    template = _template(kind)
    document = CommentedMap()
    document["centre"] = _centre(template["centre"], facts)
    locations, location_of = _locations(table.units.values(), addresses or {})
    if locations:
        document["locations"] = locations
    for key in KEPT[:1]:
        if key in template:
            document[key] = template[key]
    document["units"] = _units(table, location_of)
    _authorise(document["units"], template.get("units", []))
    chosen = set(procedures) if procedures is not None else None
    document["procedures"] = CommentedSeq(
        p for p in template.get("procedures", []) if chosen is None or str(p["id"]) in chosen
    )
    for key in KEPT[1:]:
        if key in template:
            document[key] = template[key]
    if "service_levels" in document:
        _retarget_waits(document["service_levels"], template.get("units", []))
    return roundtrip.dump(document)


def _authorise(units: CommentedSeq, template_units: Iterable[Mapping[str, Any]]) -> None:
    """The head of the new centre holds the authorisations the template's head holds (art. 110 ust. 7
    u.p.s.: the mayor authorises the director), limited to the functions the new centre serves."""
    served = {f for unit in _walk(units) for f in unit.get("functions", [])}
    granted = [f for top in template_units for f in top.get("authorisations", [])]
    wanted = [f for f in dict.fromkeys(granted) if f in served]
    if units and wanted:
        head = units[0]
        head["authorisations"] = CommentedSeq(wanted)
        head["authorisations"].fa.set_flow_style()
        head.yaml_add_eol_comment(AUTHORISATION_NOTE, "authorisations")


def _retarget_waits(levels: CommentedMap, template_units: Iterable[Mapping[str, Any]]) -> None:
    """A wait target named by a template's unit is moved to the function that unit serves."""
    waits = levels.get("max_mean_wait")
    if not waits:
        return
    functions = {str(u["id"]): list(u.get("functions", [])) for u in _walk(template_units)}
    for key in list(waits):
        if str(key) in functions:
            value = waits.pop(key)
            if functions[str(key)]:
                waits[functions[str(key)][0]] = value


def _walk(units: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for unit in units:
        found.append(unit)
        found.extend(_walk(unit.get("units", [])))
    return found


def _centre(template: Mapping[str, Any], facts: CentreFacts) -> CommentedMap:
    centre = CommentedMap()
    centre["name"] = facts.name
    if facts.short_name:
        centre["short_name"] = facts.short_name
    if facts.name_genitive:
        centre["name_genitive"] = facts.name_genitive
    centre["population"] = facts.population
    for key in CENTRE_KEPT:
        if key in template:
            centre[key] = template[key]
    if facts.effective_from:
        centre["effective_from"] = facts.effective_from
    for key in ("municipal_organ", "council"):
        value = getattr(facts, key)
        if value and key in Centre.model_fields:
            centre[key] = value
    for key, comment in facts.comments:
        if key in centre:
            centre.yaml_add_eol_comment(comment, key)
    return centre


def _locations(units: Iterable[TableUnit], addresses: Mapping[str, str]) -> tuple[CommentedSeq, dict[str, str]]:
    """One location a distinct address, in the order met; address → location id."""
    seq, ids, taken = CommentedSeq(), {}, set[str]()
    wanted = [u.address for u in units if u.address] + list(addresses)
    for address in dict.fromkeys(wanted):
        location = CommentedMap()
        location["id"] = ids[address] = slug(address.split(",")[0], taken)
        location["address"] = address
        if addresses.get(address):
            location["name"] = addresses[address]
        seq.append(location)
    return seq, ids


def _units(table: StaffTable, location_of: Mapping[str, str]) -> CommentedSeq:
    taken: set[str] = set()
    ids = {name: slug(name, taken) for name in table.units}
    children: dict[str | None, list[TableUnit]] = {}
    for unit in table.units.values():
        children.setdefault(unit.parent, []).append(unit)
    inherited: dict[str, str | None] = {}

    def build(unit: TableUnit, parent_address: str | None) -> CommentedMap:
        node = CommentedMap()
        node["id"] = ids[unit.name]
        node["name"] = unit.name
        if unit.symbol:
            node["symbol"] = unit.symbol
        node["kind"] = (unit.kind or (UnitKind.team if unit.parent else UnitKind.management)).value
        address = unit.address or parent_address
        inherited[unit.name] = address
        if address is not None and address in location_of:
            node["location"] = location_of[address]
        if unit.functions:
            node["functions"] = CommentedSeq(unit.functions)
        if unit.posts:
            node["staff"] = CommentedSeq(_post(post) for post in unit.posts)
        below = children.get(unit.name, [])
        if below:
            node["units"] = CommentedSeq(build(child, address) for child in below)
        return node

    return CommentedSeq(build(unit, None) for unit in children.get(None, []))


def _post(post: Post) -> CommentedMap:
    node = CommentedMap()
    node["role"] = post.role.value
    node["fte"] = int(post.fte) if float(post.fte).is_integer() else round(post.fte, 4)
    if post.note:
        node["note"] = post.note
    node.fa.set_flow_style()
    return node
