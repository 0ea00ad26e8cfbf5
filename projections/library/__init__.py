"""The success-case library (協働事例集): `projection.py`, `writer.py` (renders entries),
`queries.py` (search, facets), and Japanese search text (`search.py`); similar cases are
a read model of their own (`projections/similar_cases/`)."""
