"""Case list and case detail (案件一覧・案件詳細): `projection.py`, `queries.py`."""
