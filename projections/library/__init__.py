"""The success-case library (協働事例集): `projection.py`, `writer.py` (renders entries),
`queries.py` (search, facets), `similar.py`, and Japanese search text (`search.py`)."""
