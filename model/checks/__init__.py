"""Validation: the flow graphs, the rules (one module per family) and the findings they make."""
