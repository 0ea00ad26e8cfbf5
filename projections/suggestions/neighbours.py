"""Which 市町 border which (山口県), as data: a municipality's neighbours are suggested after
its own. Adjacent by land, and 周防大島町 by its bridge to 柳井市. Another prefecture is added
by adding rows."""

from __future__ import annotations

from collections.abc import Mapping

_BORDERS: tuple[tuple[str, str], ...] = (
    ("35201", "35211"),  # 下関市 – 長門市
    ("35201", "35213"),  # 下関市 – 美祢市
    ("35201", "35216"),  # 下関市 – 山陽小野田市
    ("35202", "35216"),  # 宇部市 – 山陽小野田市
    ("35202", "35213"),  # 宇部市 – 美祢市
    ("35202", "35203"),  # 宇部市 – 山口市
    ("35203", "35213"),  # 山口市 – 美祢市
    ("35203", "35204"),  # 山口市 – 萩市
    ("35203", "35206"),  # 山口市 – 防府市
    ("35203", "35215"),  # 山口市 – 周南市
    ("35203", "35502"),  # 山口市 – 阿武町
    ("35204", "35211"),  # 萩市 – 長門市
    ("35204", "35213"),  # 萩市 – 美祢市
    ("35204", "35502"),  # 萩市 – 阿武町
    ("35206", "35215"),  # 防府市 – 周南市
    ("35207", "35215"),  # 下松市 – 周南市
    ("35207", "35210"),  # 下松市 – 光市
    ("35208", "35321"),  # 岩国市 – 和木町
    ("35208", "35212"),  # 岩国市 – 柳井市
    ("35208", "35215"),  # 岩国市 – 周南市
    ("35210", "35215"),  # 光市 – 周南市
    ("35210", "35343"),  # 光市 – 田布施町
    ("35211", "35213"),  # 長門市 – 美祢市
    ("35212", "35343"),  # 柳井市 – 田布施町
    ("35212", "35344"),  # 柳井市 – 平生町
    ("35212", "35305"),  # 柳井市 – 周防大島町 (大島大橋)
    ("35213", "35216"),  # 美祢市 – 山陽小野田市
    ("35341", "35344"),  # 上関町 – 平生町
    ("35343", "35344"),  # 田布施町 – 平生町
)


def _neighbours() -> Mapping[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for a, b in _BORDERS:
        found.setdefault(a, set()).add(b)
        found.setdefault(b, set()).add(a)
    return {code: frozenset(near) for code, near in found.items()}


NEIGHBOURS: Mapping[str, frozenset[str]] = _neighbours()


def neighbours(municipality: str) -> frozenset[str]:
    return NEIGHBOURS.get(municipality, frozenset())
