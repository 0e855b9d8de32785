"""Calibration from the centre's own data: event logs, the annual MRPiPS-03 figures, open cases.

One module per job: :mod:`.log` reads and checks a log (pseudonymising it), :mod:`.matching`
places activities and cases on the procedures, :mod:`.worktime` puts timestamps on the
working calendar, :mod:`.fitting` chooses duration distributions, :mod:`.estimate` turns the
log into figures, :mod:`.writer` writes calibrated procedure files, :mod:`.report` the fit
report, :mod:`.statistics` reads the annual report, :mod:`.opencases` a snapshot of open
cases, and :mod:`.simulation` is the one place that calls the simulation engine.
"""
