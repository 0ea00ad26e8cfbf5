"""A case's timeline (経過記録): `projection.py`, `queries.py`, `follow.py` (live)."""
