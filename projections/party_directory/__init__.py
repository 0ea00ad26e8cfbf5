"""The party directory (団体名簿): `projection.py`, `queries.py`."""
