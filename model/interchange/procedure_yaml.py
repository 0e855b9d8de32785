"""A procedure as the YAML file the loader reads back to the same model."""

from __future__ import annotations

import yaml

from model.config.schema import Procedure


def procedure_yaml(procedure: Procedure) -> str:
    """The procedure's fields in schema order, defaults left out, Polish letters as they are."""
    data = procedure.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
