"""KPI facts and targets (評価指標): `projection.py`, `queries.py` (the KPI table)."""
