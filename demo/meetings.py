"""Information-sharing meetings (情報共有・検討会議) where success cases were presented and
replications agreed."""

from __future__ import annotations

from api.demo.spec import FollowUpSpec, MeetingSpec

MEETINGS: tuple[MeetingSpec, ...] = (
    MeetingSpec(
        key="joho-kyoyu-2024-1",
        title="令和6年度 第1回 協働の取組 情報共有・検討会議",
        host="pref",
        attending=("yamaguchi", "shimonoseki", "ube", "nagato", "iwakuni", "shunan", "hagi"),
        held_on="2024-07-18",
        presented=(
            "sayama-community-taxi",
            "fukufuku-kodomo-shokudo",
            "probono-kosodate-web",
            "nishikiwa-mimamori",
        ),
        follow_ups=(
            FollowUpSpec(
                "sayama-community-taxi",
                "長門市",
                "nagato",
                "三隅地区でコミュニティタクシーの導入を検討する",
            ),
            FollowUpSpec(
                "fukufuku-kodomo-shokudo",
                "岩国市",
                "iwakuni",
                "岩国市の子ども食堂に、事業者・自治会との役割分担を紹介する",
            ),
            FollowUpSpec(
                "nishikiwa-mimamori",
                "下関市",
                "shimonoseki",
                "新聞販売店との見守り協定を下関市の自治会に紹介する",
            ),
        ),
    ),
    MeetingSpec(
        key="joho-kyoyu-2025-1",
        title="令和7年度 第1回 協働の取組 情報共有・検討会議",
        host="pref",
        attending=("yamaguchi", "hofu", "shunan", "kudamatsu", "hikari", "yanai"),
        held_on="2025-07-24",
        presented=(
            "sapo-cafe-hitorioya",
            "sasaebito",
            "foodbank-shunan",
            "ouchi-sangyo-fair",
        ),
        follow_ups=(
            FollowUpSpec(
                "sapo-cafe-hitorioya", "防府市", "hofu", "防府市でさぽカフェ形式の円卓会議を開く"
            ),
            FollowUpSpec(
                "sasaebito", "周南市", "shunan", "周南市の商工団体に「支え人。」の仕組みを紹介する"
            ),
            FollowUpSpec(
                "foodbank-shunan",
                "下松市",
                "kudamatsu",
                "下松市社会福祉協議会とフードドライブの共同実施を検討する",
            ),
        ),
    ),
    MeetingSpec(
        key="joho-kyoyu-2026-1",
        title="令和8年度 第1回 協働の取組 情報共有・検討会議",
        host="pref",
        attending=("ube", "sanyo_onoda", "hagi", "nagato"),
        held_on="2026-07-16",
        presented=("ouchi-sangyo-fair", "probono-kosodate-web"),
        follow_ups=(
            FollowUpSpec(
                "ouchi-sangyo-fair",
                "宇部市",
                "ube",
                "宇部市の地域づくり協議会に産業フェアの運営手法を共有する",
            ),
        ),
    ),
)
