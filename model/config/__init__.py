"""The configuration: YAML read with lines, the typed schema, the loader and the quantities it speaks."""
