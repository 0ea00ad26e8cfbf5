"""The attention list (要対応リスト): `projection.py` keeps each open case's dates,
`rules.py` decides (purely) what needs attention on a day, `queries.py` reads it."""
