"""How many staff, where, at what cost: staff costs, service-level targets and a staffing optimiser.

One module a job: :mod:`.plan` (a staffing plan and how it changes a configuration), :mod:`.costs`
(monthly and annual staff cost), :mod:`.targets` (the service levels to meet), :mod:`.erlang`
(Erlang C and the offered load per unit: the queueing bound), :mod:`.evaluate` (the one adapter
to the simulation, which runs plans on the simulation's one executor, local processes or Dask,
:mod:`model.simulation.executor`),
:mod:`.optimiser` (bound-pruned search confirmed by simulation, the Pareto front) and
:mod:`.sweep` (metrics over a grid of demand and staff).
"""
