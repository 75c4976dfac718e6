"""Objectives and key results on the metric engine: the model and okrs.yaml, measuring, the rules
(progress, pace, status, forecast, grade), SMART checks and check-ins.  Results are plain data; the edges
say them in a language with ``i18n.okr_text``.

    okr.model      Objective, KeyResult, Target (TargetType), the period an objective covers
    okr.okr_read   okrs.yaml and stored objectives -> model (errors name the line and the field)
    okr.okr_write  model -> stored documents and okrs.yaml; the workspace's objectives
    okr.measure    where the numbers come from (MetricSource) and the measured values
    okr.progress   pure maths: progress, pace, status, grade       okr.forecast  forecast, needed run-rate
    okr.evaluate   the rules applied to measured numbers           okr.track     tracking every objective
    okr.status     the results (KRStatus, ObjectiveStatus, Status) and check-ins
    okr.smart      SMART warnings as codes                         okr.views     chart data and drill-down
    okr.templates  ready-made objectives for the editor
"""
