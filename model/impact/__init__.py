"""As-is → to-be: the impact of a new structure (:mod:`model.impact.diff`), the trips it saves or
costs clients (:mod:`model.impact.trips`, from the simulation) and its report (:mod:`model.impact.report`)."""
