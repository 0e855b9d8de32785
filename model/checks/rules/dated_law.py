"""Rules of the law of the configuration's date: tasks the law of that day gives to another body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from model.checks.findings import Hit, Severity, rule
from model.checks.rules.context import Context
from model.i18n import msg


@rule(
    "LAW001",
    Severity.error,
    "Task the law of the date gives to another body",
    citation="ustawa o pomocy państwa w wychowywaniu dzieci: od 1.01.2022 r. świadczenie wychowawcze ustala ZUS",
    fix="remove the task, or date the configuration when the centre still had it",
    law=("child_benefit.body",),
)
def task_of_another_body(ctx: Context) -> Iterator[Hit]:
    """Since 1.01.2022 ZUS, not the gmina, grants and pays the *świadczenie wychowawcze* (500+).
    A configuration dated after that which still gives the centre that task speaks an old law.

    Passes::

        centre: {name: OPS, population: 6000, model: care_area, effective_from: 2021-06-01, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}],
             tasks: [prowadzenie postępowań w sprawie świadczenia wychowawczego]}

    Fails::

        centre: {name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01, shared_services: CUW}
        units:
          - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],
             staff: [{role: social_worker, fte: 3}],
             tasks: [prowadzenie postępowań w sprawie świadczenia wychowawczego]}
    """
    law = ctx.law("child_benefit.body")
    if law is None or law.value["body"] == "gmina":
        return
    pattern = re.compile(r"świadcze\w*\s+wychowawcz", re.IGNORECASE)
    for unit in ctx.scenario.units:
        for task in unit.tasks:
            if pattern.search(task):
                yield Hit(
                    msg("finding.LAW001", unit=unit.name, task=task, body=law.value["body"], on=str(ctx.on)),
                    unit,
                    "tasks",
                    unit.id,
                )
