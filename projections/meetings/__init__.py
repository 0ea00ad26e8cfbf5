"""Information-sharing meetings (情報共有・検討会議): `projection.py`, `queries.py`."""
