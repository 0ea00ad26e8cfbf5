"""The demo's staff: the accounts `kyodo demo load` records, each with a (fictional) name, so
that the page shows a name beside the user id that recorded each of the demo's steps. The
ids are those the demo's steps are recorded by (`demo.loader.facilitator`, `CHIEF`,
`MEETING_ACTOR`) and those `kyodo users demo-tokens` signs tokens for."""

from __future__ import annotations

from demo.loader import CHIEF, MEETING_ACTOR, facilitator

_FACILITATORS = {
    "pref": "松田 陽子",
    "shimonoseki": "河野 健一",
    "ube": "西村 由美",
    "yamaguchi": "山本 さくら",
    "hagi": "岡田 修",
    "hofu": "中川 恵",
    "kudamatsu": "石井 大輔",
    "iwakuni": "森 奈緒子",
    "hikari": "原田 翔",
    "nagato": "村上 久美子",
    "yanai": "坂本 誠",
    "shunan": "小野 美穂",
    "sanyo_onoda": "三浦 拓也",
}

STAFF: tuple[tuple[str, str, str | None, str], ...] = (
    *(
        (facilitator(centre).user_id, "facilitator", centre, name)
        for centre, name in _FACILITATORS.items()
    ),
    (CHIEF.user_id, CHIEF.role.value, CHIEF.centre, "藤田 真理子"),
    (MEETING_ACTOR.user_id, MEETING_ACTOR.role.value, None, "情報共有・検討会議 事務局"),
    ("auditor-01", "auditor", None, "高橋 直樹"),
)
"""(user id, role, centre, name) of each demo account."""
