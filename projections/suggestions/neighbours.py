"""Which 市町 border which (山口県), as data: a municipality's neighbours are suggested after
its own. Adjacent by land, and 周防大島町 by its bridge to 柳井市. Another prefecture is added
by adding rows."""

from __future__ import annotations

from collections.abc import Mapping

_BORDERS: Mapping[str, tuple[str, ...]] = {
    # Each 市町 with the ones it borders that come after it in code order.
    "35201": ("35211", "35213", "35216"),  # 下関市 – 長門市・美祢市・山陽小野田市
    "35202": ("35216", "35213", "35203"),  # 宇部市 – 山陽小野田市・美祢市・山口市
    # 山口市 – 美祢市・萩市・防府市・周南市・阿武町
    "35203": ("35213", "35204", "35206", "35215", "35502"),
    "35204": ("35211", "35213", "35502"),  # 萩市 – 長門市・美祢市・阿武町
    "35206": ("35215",),  # 防府市 – 周南市
    "35207": ("35215", "35210"),  # 下松市 – 周南市・光市
    "35208": ("35321", "35212", "35215"),  # 岩国市 – 和木町・柳井市・周南市
    "35210": ("35215", "35343"),  # 光市 – 周南市・田布施町
    "35211": ("35213",),  # 長門市 – 美祢市
    "35212": ("35343", "35344", "35305"),  # 柳井市 – 田布施町・平生町・周防大島町
    "35213": ("35216",),  # 美祢市 – 山陽小野田市
    "35341": ("35344",),  # 上関町 – 平生町
    "35343": ("35344",),  # 田布施町 – 平生町
}


def _neighbours() -> Mapping[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for a, near in _BORDERS.items():
        for b in near:
            found.setdefault(a, set()).add(b)
            found.setdefault(b, set()).add(a)
    return {code: frozenset(near) for code, near in found.items()}


NEIGHBOURS: Mapping[str, frozenset[str]] = _neighbours()


def neighbours(municipality: str) -> frozenset[str]:
    return NEIGHBOURS.get(municipality, frozenset())
