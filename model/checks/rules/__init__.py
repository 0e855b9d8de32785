"""Validation rules: each a small function over the loaded scenario and its flow graphs.

One module per family, as yamllint keeps its rules: :mod:`.structure` (references and ids),
:mod:`.routing` (the client flow), :mod:`.separation` (the separated model), :mod:`.staffing`
(norms and posts), :mod:`.proceedings` (interview, authorisation, appeal), :mod:`.qualifications`
(art. 116 u.p.s., art. 12 uwr), :mod:`.local_law` (the council's resolutions), :mod:`.dated_law`
(the law of the configuration's date), :mod:`.cus` (Centrum Usług Społecznych) and
:mod:`.deadlines`; what they share is :class:`.context.Context`.

Every rule is registered with an id, a severity, a title, the provision it enforces and how to
fix what it finds; its docstring says why it exists and ends with a minimal configuration
(``Fails::``) on which it fires. The test suite runs those examples, and ``python -m model
rules --markdown`` prints the table the documentation shows (docs/manual/rules.md, and the site's generated reference). Messages are catalogue codes
(``finding.STAFF001`` in :mod:`model.i18n`); norms and deadlines come from the law in force on
the configuration's date (:mod:`model.law`, the norm arithmetic in :mod:`model.law.norms`, bound to the configuration
by :mod:`model.config.norms`).
"""

from __future__ import annotations

from model.checks.findings import REGISTRY, Finding, Severity

# importing the families registers their rules, in this order (the order of the documentation's rule table)
# isort: off
from model.checks.rules import structure, routing, separation, staffing, proceedings  # noqa: F401
from model.checks.rules import qualifications, local_law, dated_law, cus, deadlines  # noqa: F401

# isort: on
from model.checks.rules.context import Context
from model.checks.settings import apply_switches, switches
from model.config.loader import Scenario
from model.config.norms import law_date
from model.law import Provision, in_force


def validate(scenario: Scenario, only: set[str] | None = None, settings: bool = True) -> list[Finding]:
    """Run every registered rule (or those in ``only``) and return findings, errors first.

    The configuration's ``checks:`` switch rules off or re-grade them (see
    :mod:`model.checks.settings`, whose :func:`~model.checks.settings.switches` every report
    shows beside the findings); ``settings=False`` ignores them.

    Parameters
    ----------
    scenario:
        A loaded configuration (:func:`~model.config.loader.load_scenario`).
    only:
        Rule ids to run (``{"STAFF001"}``); ``None`` runs them all.
    settings:
        Apply the configuration's ``checks:`` section (``False``: every rule as registered).

    Returns
    -------
    list[Finding]
        Errors first, then by file, line and rule; each with its rule id, severity, located line,
        citation and a message in any language (``finding.message.text("pl")``).

    Examples
    --------
    >>> from model import load_scenario, load_scenario_text
    >>> [f.rule for f in validate(load_scenario("org_configs/gops_rural.yaml")) if f.severity == Severity.error]
    []
    >>> small = load_scenario_text(
    ...     "centre: {name: OPS, population: 6000, model: separated}\\n"
    ...     "units:\\n"
    ...     "  - {id: fc, name: Stanowisko, kind: post, functions: [first_contact], staff: [{role: clerk, fte: 1}]}\\n"
    ...     "procedures: []\\n",
    ...     "mini.yaml",
    ... )
    >>> norm = validate(small, only={"STAFF001"})[0]
    >>> norm.rule, norm.severity.value, norm.line
    ('STAFF001', 'error', 1)
    >>> "art. 110 ust. 11" in norm.message.text("en")
    True
    """
    context = Context(scenario)
    findings = [
        finding
        for rule_id, registered in REGISTRY.items()
        if only is None or rule_id in only
        for finding in registered.run(context, scenario.file)
    ]
    if settings:
        findings = apply_switches(findings, switches(scenario))
    return sorted(findings, key=lambda f: (f.severity != Severity.error, f.file, f.line or 0, f.rule))


def law_applied(scenario: Scenario) -> list[Provision]:
    """The provisions the configuration and the rules drew on, on the configuration's date
    (a rule the configuration switched off drew on none).

    It lives with the rules, not in :mod:`model.law`, because it reads which provisions the
    registered rules apply: the law package knows no rules.
    """
    on = law_date(scenario)
    used = set(scenario.law.provisions) if scenario.law else set()
    institution = scenario.config.centre.institution
    off = {s.rule for s in switches(scenario) if s.severity is None}
    for registered in REGISTRY.values():
        if registered.id in off:
            continue
        for key in registered.law:
            found = in_force(key, on)
            if found is not None and found.institution in (None, institution):
                used.add(found)
    return sorted(used, key=lambda p: (p.act, p.key))
