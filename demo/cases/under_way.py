"""Cases under way: activities carried out (two of them replications of published success
cases) or being reviewed."""

from __future__ import annotations

from demo.notation import CASE, C, DemoCase, P, corrected, d
from domain.commands import (
    CarryOutActivity,
    ConductReview,
    CorrectStep,
    HoldHearing,
    HoldRoundtable,
    JoinParty,
    ReachAgreement,
    ReceiveConsultation,
)
from domain.values import Outcome, RoleAssignment
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R
from domain.vocabulary import ReviewKind

IN_PROGRESS: tuple[DemoCase, ...] = (
    DemoCase(
        "misumi-community-taxi",
        ReceiveConsultation(
            "三隅地区 コミュニティタクシー",
            "路線バスの減便で、通院や買物に困る高齢者が増えている",
            "長門市",
            ("まちづくり", "保健・医療・福祉"),
            (3, 11),
            "nagato",
            P["council-misumi"],
            d("2025-06-10"),
            replicates=C["sayama-community-taxi"],
        ),
        (
            HoldHearing(
                CASE,
                "山口市佐山地域の事例を会議で聞き、導入したい",
                d("2025-06-17"),
                P["council-misumi"],
            ),
            JoinParty(
                CASE, P["council-misumi"], R.PROPOSER, "運営委員会と利用者登録", d("2025-07-01")
            ),
            JoinParty(CASE, P["biz-nagato-kotsu"], R.PARTNER, "車両と運転手", d("2025-07-15")),
            JoinParty(CASE, P["city-nagato"], R.PUBLIC_SUPPORT, "運行経費の補助", d("2025-07-15")),
            HoldRoundtable(
                CASE,
                "運行計画の検討",
                d("2025-08-05"),
                (P["council-misumi"], P["biz-nagato-kotsu"], P["city-nagato"]),
                17,
                "週2日の試行運行",
            ),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["council-misumi"], R.PROPOSER),
                    RoleAssignment(P["biz-nagato-kotsu"], R.PARTNER),
                    RoleAssignment(P["city-nagato"], R.PUBLIC_SUPPORT),
                ),
                d("2025-10-01"),
                F.SUBSIDY,
                d("2025-08-26"),
                None,
                "市の運行補助",
            ),
            CarryOutActivity(CASE, "試行運行の開始", d("2025-10-01"), 22, 5),
            CarryOutActivity(CASE, "本格運行の開始", d("2026-04-01"), 41, 6),
        ),
    ),
    DemoCase(
        "niho-kokusai-cafe",
        ReceiveConsultation(
            "国際交流カフェ（仁保）",
            "地域に住む海外出身者や留学生と住民が知り合う機会がない",
            "山口市",
            ("国際協力", "まちづくり"),
            (10, 11, 17),
            "yamaguchi",
            P["council-niho"],
            d("2025-09-09"),
        ),
        (
            JoinParty(
                CASE, P["council-niho"], R.PROPOSER, "会場と地域住民への案内", d("2025-09-24")
            ),
            JoinParty(CASE, P["school-yamadai"], R.PARTNER, "留学生の参加と通訳", d("2025-09-24")),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["council-niho"], R.PROPOSER),
                    RoleAssignment(P["school-yamadai"], R.PARTNER),
                ),
                d("2025-11-01"),
                F.CO_HOSTING,
                d("2025-10-14"),
                d("2027-03-31"),
            ),
            CarryOutActivity(CASE, "国際交流カフェ 第1回", d("2025-11-15"), 48, 10),
            CarryOutActivity(CASE, "国際交流カフェ 第2回（郷土料理）", d("2026-06-20"), 55, 12),
        ),
    ),
    DemoCase(
        "tokiwa-zujo-kunren",
        ReceiveConsultation(
            "地震・図上シミュレーション訓練",
            "避難行動要支援者の支援体制が校区で具体化していない",
            "宇部市",
            ("災害救援", "地域安全"),
            (11, 13, 17),
            "ube",
            P["jichikai-tokiwa-bosai"],
            d("2025-10-07"),
        ),
        (
            JoinParty(
                CASE,
                P["jichikai-tokiwa-bosai"],
                R.PROPOSER,
                "訓練の企画と住民の参加",
                d("2025-10-21"),
            ),
            JoinParty(
                CASE, P["school-yamadai"], R.EXPERTISE, "被害想定と訓練手法の指導", d("2025-10-28")
            ),
            JoinParty(
                CASE, P["city-ube"], R.PUBLIC_SUPPORT, "ハザードマップと資機材", d("2025-10-28")
            ),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["jichikai-tokiwa-bosai"], R.PROPOSER),
                    RoleAssignment(P["school-yamadai"], R.EXPERTISE),
                    RoleAssignment(P["city-ube"], R.PUBLIC_SUPPORT),
                ),
                d("2026-01-01"),
                F.CO_HOSTING,
                d("2025-11-18"),
                d("2026-12-31"),
            ),
            CarryOutActivity(CASE, "図上シミュレーション訓練", d("2026-01-17"), 72, 8),
        ),
    ),
    DemoCase(
        "iwakuni-minna-shokudo",
        ReceiveConsultation(
            "みんなの食堂の週1回開催",
            "子ども食堂を増やしたいが、食材と会場の確保が難しい",
            "岩国市",
            ("子どもの健全育成", "保健・医療・福祉"),
            (1, 2, 3, 17),
            "iwakuni",
            P["vg-iwakuni-shokudo"],
            d("2025-05-13"),
            replicates=C["fukufuku-kodomo-shokudo"],
        ),
        (
            HoldHearing(
                CASE,
                "下関市の事例を参考に、地元の事業者と組みたい",
                d("2025-05-20"),
                P["vg-iwakuni-shokudo"],
            ),
            JoinParty(CASE, P["vg-iwakuni-shokudo"], R.PROPOSER, "調理と運営", d("2025-06-03")),
            JoinParty(
                CASE, P["biz-kintai-bento"], R.VENUE_OR_GOODS, "厨房の貸出と食材", d("2025-06-10")
            ),
            JoinParty(
                CASE, P["jichikai-marifu"], R.VENUE_OR_GOODS, "集会所の提供", d("2025-06-10")
            ),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["vg-iwakuni-shokudo"], R.PROPOSER),
                    RoleAssignment(P["biz-kintai-bento"], R.VENUE_OR_GOODS),
                    RoleAssignment(P["jichikai-marifu"], R.VENUE_OR_GOODS),
                ),
                d("2025-07-01"),
                F.BUSINESS_COOPERATION,
                d("2025-07-01"),
                d("2026-03-31"),
            ),
            CarryOutActivity(CASE, "週1回開催の初回", d("2025-07-09"), 26, 8),
            CarryOutActivity(CASE, "年末の食堂", d("2025-12-24"), 44, 11),
        ),
    ),
)

REVIEWING: tuple[DemoCase, ...] = (
    DemoCase(
        "hibikinada-kaigan-seiso",
        ReceiveConsultation(
            "企業と取り組む響灘の海岸清掃",
            "漂着ごみが多く、清掃の担い手が足りない",
            "下関市",
            ("環境の保全",),
            (12, 14, 17),
            "shimonoseki",
            P["npo-hibikinada"],
            d("2025-07-08"),
        ),
        (
            JoinParty(
                CASE, P["npo-hibikinada"], R.PROPOSER, "清掃の計画と安全管理", d("2025-07-22")
            ),
            JoinParty(
                CASE,
                P["biz-kanmon-logi"],
                R.PARTNER,
                "社員ボランティアとごみの運搬",
                d("2025-07-29"),
            ),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["npo-hibikinada"], R.PROPOSER),
                    RoleAssignment(P["biz-kanmon-logi"], R.PARTNER),
                ),
                d("2025-09-01"),
                F.BUSINESS_COOPERATION,
                d("2025-08-19"),
                d("2026-08-31"),
            ),
            CarryOutActivity(CASE, "秋の海岸清掃", d("2025-09-20"), 86, 30),
            CarryOutActivity(CASE, "春の海岸清掃", d("2026-05-23"), 94, 35),
            ConductReview(
                CASE,
                ReviewKind.SELF,
                "回収量・参加者とも目標を上回った",
                d("2026-09-15"),
                (
                    Outcome("回収したごみ", 1250, 1000, "kg"),
                    Outcome("参加者（延べ）", 180, 150, "人"),
                ),
                "社員の家族も参加できる日程にした",
            ),
        ),
    ),
    DemoCase(
        "natajima-pbl",
        ReceiveConsultation(
            "名田島地域×山口学芸大学 地域課題解決演習PBL",
            "農地の担い手不足と地域行事の継承に、若い視点を取り入れたい",
            "山口市",
            ("農山漁村・中山間地域", "社会教育", "まちづくり"),
            (4, 11, 17),
            "yamaguchi",
            P["council-natajima"],
            d("2025-04-15"),
        ),
        (
            JoinParty(
                CASE,
                P["council-natajima"],
                R.PROPOSER,
                "課題の提示とフィールドの提供",
                d("2025-04-22"),
            ),
            JoinParty(CASE, P["school-gakugei"], R.PARTNER, "学生の演習（PBL）", d("2025-04-22")),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["council-natajima"], R.PROPOSER),
                    RoleAssignment(P["school-gakugei"], R.PARTNER),
                ),
                d("2025-05-13"),
                F.JOINT_PLANNING,
                d("2025-05-13"),
                d("2026-03-31"),
            ),
            CarryOutActivity(CASE, "学生のフィールドワーク", d("2025-07-05"), 24, 6),
            CarryOutActivity(CASE, "成果発表会", d("2026-01-31"), 58, 4),
            ConductReview(
                CASE,
                ReviewKind.SELF,
                "学生の提案のうち2件を協議会が来年度に実施する",
                d("2026-03-06"),
                (Outcome("学生の提案", 6, 5, "件"), Outcome("実施が決まった提案", 2, 2, "件")),
            ),
        ),
    ),
    DemoCase(
        "hagi-satoyama-chikurin",
        ReceiveConsultation(
            "企業ボランティアによる里山の竹林整備",
            "放置竹林が広がり、耕作放棄地も増えている",
            "萩市",
            ("環境の保全", "農山漁村・中山間地域"),
            (11, 15, 17),
            "hagi",
            P["npo-hagi-satoyama"],
            d("2025-04-22"),
        ),
        (
            JoinParty(
                CASE, P["npo-hagi-satoyama"], R.PROPOSER, "作業計画と安全講習", d("2025-05-07")
            ),
            JoinParty(
                CASE, P["biz-hagi-kensetsu"], R.PARTNER, "社員ボランティアと重機", d("2025-05-13")
            ),
            JoinParty(CASE, P["council-hagi-oi"], R.PARTNER, "地権者との調整", d("2025-05-13")),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["npo-hagi-satoyama"], R.PROPOSER),
                    RoleAssignment(P["biz-hagi-kensetsu"], R.PARTNER),
                    RoleAssignment(P["council-hagi-oi"], R.PARTNER),
                ),
                d("2025-06-15"),
                F.BUSINESS_COOPERATION,
                d("2025-06-03"),
                d("2026-05-31"),
            ),
            CarryOutActivity(CASE, "竹林整備と耕作放棄地の草刈り", d("2025-10-18"), 45, 28),
            CorrectStep(
                CASE,
                6,
                corrected(CarryOutActivity, {"ボランティア数": 32}),
                "地区からの参加者4人が数えられていなかった",
                d("2025-10-24"),
            ),
            CarryOutActivity(CASE, "竹の活用（竹灯籠づくり）", d("2026-03-14"), 60, 20),
            ConductReview(
                CASE,
                ReviewKind.THIRD_PARTY,
                "整備面積は目標に届いたが、竹の搬出に課題が残った",
                d("2026-06-20"),
                (Outcome("整備面積", 12000, 12000, "㎡"),),
                "搬出は地区の軽トラック協力が鍵",
            ),
        ),
    ),
)

UNDER_WAY_CASES: tuple[DemoCase, ...] = IN_PROGRESS + REVIEWING
