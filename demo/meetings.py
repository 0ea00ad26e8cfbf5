"""Information-sharing meetings (情報共有・検討会議) where success cases were presented and
replications agreed."""

from __future__ import annotations

from demo.notation import MEETING, C, DemoMeeting, d
from domain.commands import AgreeFollowUp, HoldMeeting, PresentAtMeeting

MEETINGS: tuple[DemoMeeting, ...] = (
    DemoMeeting(
        "joho-kyoyu-2024-1",
        HoldMeeting(
            "令和6年度 第1回 協働の取組 情報共有・検討会議",
            "pref",
            d("2024-07-18"),
            ("yamaguchi", "shimonoseki", "ube", "nagato", "iwakuni", "shunan", "hagi"),
        ),
        (
            PresentAtMeeting(MEETING, C["sayama-community-taxi"]),
            PresentAtMeeting(MEETING, C["fukufuku-kodomo-shokudo"]),
            PresentAtMeeting(MEETING, C["probono-kosodate-web"]),
            PresentAtMeeting(MEETING, C["nishikiwa-mimamori"]),
            AgreeFollowUp(
                MEETING,
                C["sayama-community-taxi"],
                "長門市",
                "nagato",
                "三隅地区でコミュニティタクシーの導入を検討する",
            ),
            AgreeFollowUp(
                MEETING,
                C["fukufuku-kodomo-shokudo"],
                "岩国市",
                "iwakuni",
                "岩国市の子ども食堂に、事業者・自治会との役割分担を紹介する",
            ),
            AgreeFollowUp(
                MEETING,
                C["nishikiwa-mimamori"],
                "下関市",
                "shimonoseki",
                "新聞販売店との見守り協定を下関市の自治会に紹介する",
            ),
        ),
    ),
    DemoMeeting(
        "joho-kyoyu-2025-1",
        HoldMeeting(
            "令和7年度 第1回 協働の取組 情報共有・検討会議",
            "pref",
            d("2025-07-24"),
            ("yamaguchi", "hofu", "shunan", "kudamatsu", "hikari", "yanai"),
        ),
        (
            PresentAtMeeting(MEETING, C["sapo-cafe-hitorioya"]),
            PresentAtMeeting(MEETING, C["sasaebito"]),
            PresentAtMeeting(MEETING, C["foodbank-shunan"]),
            PresentAtMeeting(MEETING, C["ouchi-sangyo-fair"]),
            AgreeFollowUp(
                MEETING,
                C["sapo-cafe-hitorioya"],
                "防府市",
                "hofu",
                "防府市でさぽカフェ形式の円卓会議を開く",
            ),
            AgreeFollowUp(
                MEETING,
                C["sasaebito"],
                "周南市",
                "shunan",
                "周南市の商工団体に「支え人。」の仕組みを紹介する",
            ),
            AgreeFollowUp(
                MEETING,
                C["foodbank-shunan"],
                "下松市",
                "kudamatsu",
                "下松市社会福祉協議会とフードドライブの共同実施を検討する",
            ),
        ),
    ),
    DemoMeeting(
        "joho-kyoyu-2026-1",
        HoldMeeting(
            "令和8年度 第1回 協働の取組 情報共有・検討会議",
            "pref",
            d("2026-07-16"),
            ("ube", "sanyo_onoda", "hagi", "nagato"),
        ),
        (
            PresentAtMeeting(MEETING, C["ouchi-sangyo-fair"]),
            PresentAtMeeting(MEETING, C["probono-kosodate-web"]),
            AgreeFollowUp(
                MEETING,
                C["ouchi-sangyo-fair"],
                "宇部市",
                "ube",
                "宇部市の地域づくり協議会に産業フェアの運営手法を共有する",
            ),
        ),
    ),
)
