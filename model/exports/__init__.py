"""Documents a centre publishes: the org chart, the regulation, the staffing annex, the amendment."""
