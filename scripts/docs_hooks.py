"""MkDocs hooks: the reference pages generated from the code, and a nav that finds new pages.

Run by ``mkdocs build`` (``hooks:`` in ``mkdocs.yml``), so the site never drifts from the code:

- ``reference/configuration.md`` from the configuration's JSON Schema (:func:`model.config.schema.json_schema`),
  ``reference/procedure.md`` from a procedure file's, ``reference/results.md`` from ``simulate --json``'s;
- ``reference/cli.md`` from the command line's own ``argparse`` parsers (:func:`model.cli.build_parser`);
- ``reference/rules.md`` from the rule registry (id, severity, citation, what it checks).

The nav of ``mkdocs.yml`` orders the guide, the reference and the design notes; every other page
in ``docs/`` (other topics, written beside the code they describe) is added under *Tematy* by
its first heading, so that a new page is in the site as soon as it is in the folder and the
strict build never meets a page left out.
"""

from __future__ import annotations

import io
import json
import os
import re
from contextlib import redirect_stdout, suppress
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

GENERATED = "reference"
TOPICS = "Tematy"


def _cell(text: Any) -> str:
    """Text fit for one cell of a Markdown table."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _type(spec: dict[str, Any]) -> str:
    """A property's type as a reader says it: ``string``, ``list of Unit``, ``number or null``."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        return " or ".join(dict.fromkeys(_type(s) for s in spec["anyOf"]))
    if "allOf" in spec and len(spec["allOf"]) == 1:
        return _type(spec["allOf"][0])
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if kind == "object" and "additionalProperties" in spec and isinstance(spec["additionalProperties"], dict):
        return f"map of {_type(spec['additionalProperties'])}"
    return str(kind)


def _limits(spec: dict[str, Any]) -> str:
    words = {"minimum": "≥", "exclusiveMinimum": ">", "maximum": "≤", "exclusiveMaximum": "<"}
    found = [f"{sign} {spec[k]}" for k, sign in words.items() if k in spec]
    if "pattern" in spec:
        found.append(f"pattern `{spec['pattern']}`")
    return ", ".join(found)


def _object(name: str, spec: dict[str, Any], out: list[str]) -> None:
    out.append(f"## {name}\n")
    if spec.get("description"):
        out.append(spec["description"].strip() + "\n")
    if "enum" in spec:
        out.append("Values: " + ", ".join(f"`{v}`" for v in spec["enum"]) + "\n")
        return
    properties = spec.get("properties", {})
    if not properties:
        return
    required = set(spec.get("required", ()))
    out.append("| key | type | required | default | meaning |")
    out.append("| --- | --- | --- | --- | --- |")
    for key, prop in properties.items():
        default = f"`{json.dumps(prop['default'], ensure_ascii=False)}`" if "default" in prop else ""
        meaning = " ".join(x for x in (prop.get("description", ""), _limits(prop)) if x)
        out.append(
            f"| `{key}` | {_cell(_type(prop))} | {'yes' if key in required else ''} | {_cell(default)} | {_cell(meaning)} |"
        )
    out.append("")


def schema_page(title: str, intro: str, schema: dict[str, Any]) -> str:
    """A JSON Schema as a page: the top level first, then every definition in name order."""
    out = [f"# {title}\n", intro + "\n"]
    _object(schema.get("title", "top level"), schema, out)
    for name, spec in sorted(schema.get("$defs", {}).items()):
        _object(name, spec, out)
    return "\n".join(out)


def _help(*argv: str) -> str:
    """What ``python -m model ARGV --help`` prints (argparse prints the help and exits)."""
    from model.cli import main

    printed = io.StringIO()
    with redirect_stdout(printed), suppress(SystemExit):
        main([*argv, "--help"])
    return printed.getvalue().rstrip()


def _nested(help_text: str) -> list[str]:
    """The sub-commands a command's help lists as ``{a,b,c}`` (``export``'s annexes, ``scenario``'s actions)."""
    usage = help_text.split("\n\n", 1)[0]
    found = re.search(r"\{([\w,-]+)\} \.\.\.", usage)
    return found.group(1).split(",") if found else []


def cli_page() -> str:
    """Every command's ``--help`` (and every sub-command's), as the command prints it."""
    os.environ["COLUMNS"] = "100"
    from model.cli import SUBCOMMANDS

    out = [
        "# Command line\n",
        "`python -m model COMMAND …` (or `mops COMMAND …` when the package is installed). Exit codes: 0 no "
        "error (warnings allowed), 1 errors found, 2 the input cannot be read. Every command takes "
        "`--lang pl` for Polish output. This page is generated from the parsers themselves "
        "(`scripts/docs_hooks.py`): it is the help the commands print.\n",
        "```text",
        _help(),
        "```\n",
    ]
    for name in SUBCOMMANDS:
        text = _help(name)
        out += [f"## {name}\n", "```text", text, "```\n"]
        for sub in _nested(text):
            out += [f"### {name} {sub}\n", "```text", _help(name, sub), "```\n"]
    return "\n".join(out)


def rules_page() -> str:
    """The validation rules from the registry: the ``rules --markdown`` table, as a page."""
    from model.cli import main

    printed = io.StringIO()
    with redirect_stdout(printed):
        main(["rules", "--markdown"])
    return (
        "# Validation rules\n\n"
        "Generated from the rule registry (`python -m model rules --markdown`): id, severity, what the "
        "rule checks, the provision it enforces and the fix. A configuration may switch a rule off or "
        "change its severity in its `checks:` section, with a stated reason that every report shows "
        "(see [Validation rules](../manual/rules.md)).\n\n" + printed.getvalue().rstrip() + "\n"
    )


def _pages() -> dict[str, str]:
    from model.config.schema import json_schema, procedure_json_schema
    from model.simulation.results import json_schema as result_schema

    return {
        f"{GENERATED}/configuration.md": schema_page(
            "Configuration file (org_configs/*.yaml)",
            "Every key of a configuration file, generated from the JSON Schema the loader validates "
            "against (`python -m model schema`). An editor that reads `$schema` completes and checks "
            "the YAML as it is typed.",
            json_schema(),
        ),
        f"{GENERATED}/procedure.md": schema_page(
            "Procedure file (procedures/*.yaml)",
            "A procedure kept in its own file (`python -m model schema --procedure`).",
            procedure_json_schema(),
        ),
        f"{GENERATED}/results.md": schema_page(
            "Simulation results (simulate --json)",
            "The JSON that `simulate --json` and `compare --json` print (`python -m model schema --result`).",
            result_schema(),
        ),
        f"{GENERATED}/cli.md": cli_page(),
        f"{GENERATED}/rules.md": rules_page(),
    }


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated reference pages (in memory: nothing is written to ``docs/``)."""
    for path, content in _pages().items():
        files.append(File.generated(config, path, content=content))
    return files


def _listed(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*(_listed(item) for item in nav)) if nav else set()
    if isinstance(nav, dict):
        return set().union(*(_listed(value) for value in nav.values()))
    return set()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Every page of ``docs/`` the nav does not name goes under *Tematy*, in name order."""
    docs = Path(config.docs_dir)
    nav = config.nav or []
    listed = _listed(nav)
    others = sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
        if p.relative_to(docs).as_posix() not in listed and not p.name.startswith("_")
    )
    if others:
        nav.append({TOPICS: others})
    config.nav = nav
    return config
