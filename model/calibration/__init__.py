"""Calibration from the centre's own data: event logs, the annual MRPiPS-03 figures, open cases.

One module per job: :mod:`.log` reads and checks a log (CSV, Excel; :mod:`.xes` for XES),
:mod:`.pseudonym` replaces its ids, :mod:`.matching`
places activities and cases on the procedures, :mod:`.worktime` puts timestamps on the
working calendar, :mod:`.fitting` chooses duration distributions, :mod:`.estimate` turns the
log into figures, :mod:`.writer` writes calibrated procedure files, :mod:`.report` the fit
report, :mod:`.statistics` reads the annual report, :mod:`.opencases` a snapshot of open
cases, :mod:`.forecast` runs the next weeks from it, :mod:`.session` is one calibration from
start to finish (CLI and app), and :mod:`.simulation` is the one place that calls the engine.
"""
