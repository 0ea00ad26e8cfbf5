"""The pro bono worker bank (プロボノワーカーバンク) as a read model: workers, their skills and
areas, the cases' needs and the matches. Queries live in `queries.py`."""
