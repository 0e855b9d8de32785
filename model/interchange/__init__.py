"""Interchange with the field's tools: BPMN 2.0 both ways, event logs (CSV, XES), log distances,
the org chart as a table or a graph.

Each module does one job; none imports the app. The formats are written so that a process
analyst can move a model between Camunda Modeler or bpmn.io, Prosimos, pm4py and this tool.
"""
