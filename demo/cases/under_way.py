"""Cases under way: activities carried out (two of them replications of published success
cases) or being reviewed."""

from __future__ import annotations

from api.demo.spec import (
    Activity,
    Agree,
    CaseSpec,
    Correct,
    Hearing,
    Join,
    Review,
    Roundtable,
)
from domain.values import Outcome
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R
from domain.vocabulary import ReviewKind

IN_PROGRESS: tuple[CaseSpec, ...] = (
    CaseSpec(
        "misumi-community-taxi",
        "nagato",
        "長門市",
        "三隅地区 コミュニティタクシー",
        "路線バスの減便で、通院や買物に困る高齢者が増えている",
        ("まちづくり", "保健・医療・福祉"),
        (3, 11),
        "2025-06-10",
        "council-misumi",
        (
            Hearing("2025-06-17", "山口市佐山地域の事例を会議で聞き、導入したい", "council-misumi"),
            Join("2025-07-01", "council-misumi", R.PROPOSER, "運営委員会と利用者登録"),
            Join("2025-07-15", "biz-nagato-kotsu", R.PARTNER, "車両と運転手"),
            Join("2025-07-15", "city-nagato", R.PUBLIC_SUPPORT, "運行経費の補助"),
            Roundtable(
                "2025-08-05",
                "運行計画の検討",
                ("council-misumi", "biz-nagato-kotsu", "city-nagato"),
                17,
                "週2日の試行運行",
            ),
            Agree("2025-08-26", F.SUBSIDY, "2025-10-01", None, "市の運行補助"),
            Activity("2025-10-01", "試行運行の開始", 22, 5),
            Activity("2026-04-01", "本格運行の開始", 41, 6),
        ),
        replicates="sayama-community-taxi",
    ),
    CaseSpec(
        "niho-kokusai-cafe",
        "yamaguchi",
        "山口市",
        "国際交流カフェ（仁保）",
        "地域に住む海外出身者や留学生と住民が知り合う機会がない",
        ("国際協力", "まちづくり"),
        (10, 11, 17),
        "2025-09-09",
        "council-niho",
        (
            Join("2025-09-24", "council-niho", R.PROPOSER, "会場と地域住民への案内"),
            Join("2025-09-24", "school-yamadai", R.PARTNER, "留学生の参加と通訳"),
            Agree("2025-10-14", F.CO_HOSTING, "2025-11-01", "2027-03-31"),
            Activity("2025-11-15", "国際交流カフェ 第1回", 48, 10),
            Activity("2026-06-20", "国際交流カフェ 第2回（郷土料理）", 55, 12),
        ),
    ),
    CaseSpec(
        "tokiwa-zujo-kunren",
        "ube",
        "宇部市",
        "地震・図上シミュレーション訓練",
        "避難行動要支援者の支援体制が校区で具体化していない",
        ("災害救援", "地域安全"),
        (11, 13, 17),
        "2025-10-07",
        "jichikai-tokiwa-bosai",
        (
            Join("2025-10-21", "jichikai-tokiwa-bosai", R.PROPOSER, "訓練の企画と住民の参加"),
            Join("2025-10-28", "school-yamadai", R.EXPERTISE, "被害想定と訓練手法の指導"),
            Join("2025-10-28", "city-ube", R.PUBLIC_SUPPORT, "ハザードマップと資機材"),
            Agree("2025-11-18", F.CO_HOSTING, "2026-01-01", "2026-12-31"),
            Activity("2026-01-17", "図上シミュレーション訓練", 72, 8),
        ),
    ),
    CaseSpec(
        "iwakuni-minna-shokudo",
        "iwakuni",
        "岩国市",
        "みんなの食堂の週1回開催",
        "子ども食堂を増やしたいが、食材と会場の確保が難しい",
        ("子どもの健全育成", "保健・医療・福祉"),
        (1, 2, 3, 17),
        "2025-05-13",
        "vg-iwakuni-shokudo",
        (
            Hearing(
                "2025-05-20", "下関市の事例を参考に、地元の事業者と組みたい", "vg-iwakuni-shokudo"
            ),
            Join("2025-06-03", "vg-iwakuni-shokudo", R.PROPOSER, "調理と運営"),
            Join("2025-06-10", "biz-kintai-bento", R.VENUE_OR_GOODS, "厨房の貸出と食材"),
            Join("2025-06-10", "jichikai-marifu", R.VENUE_OR_GOODS, "集会所の提供"),
            Agree("2025-07-01", F.BUSINESS_COOPERATION, "2025-07-01", "2026-03-31"),
            Activity("2025-07-09", "週1回開催の初回", 26, 8),
            Activity("2025-12-24", "年末の食堂", 44, 11),
        ),
        replicates="fukufuku-kodomo-shokudo",
    ),
)

REVIEWING: tuple[CaseSpec, ...] = (
    CaseSpec(
        "hibikinada-kaigan-seiso",
        "shimonoseki",
        "下関市",
        "企業と取り組む響灘の海岸清掃",
        "漂着ごみが多く、清掃の担い手が足りない",
        ("環境の保全",),
        (12, 14, 17),
        "2025-07-08",
        "npo-hibikinada",
        (
            Join("2025-07-22", "npo-hibikinada", R.PROPOSER, "清掃の計画と安全管理"),
            Join("2025-07-29", "biz-kanmon-logi", R.PARTNER, "社員ボランティアとごみの運搬"),
            Agree("2025-08-19", F.BUSINESS_COOPERATION, "2025-09-01", "2026-08-31"),
            Activity("2025-09-20", "秋の海岸清掃", 86, 30),
            Activity("2026-05-23", "春の海岸清掃", 94, 35),
            Review(
                "2026-09-15",
                "回収量・参加者とも目標を上回った",
                (
                    Outcome("回収したごみ", 1250, 1000, "kg"),
                    Outcome("参加者（延べ）", 180, 150, "人"),
                ),
                "社員の家族も参加できる日程にした",
            ),
        ),
    ),
    CaseSpec(
        "natajima-pbl",
        "yamaguchi",
        "山口市",
        "名田島地域×山口学芸大学 地域課題解決演習PBL",
        "農地の担い手不足と地域行事の継承に、若い視点を取り入れたい",
        ("農山漁村・中山間地域", "社会教育", "まちづくり"),
        (4, 11, 17),
        "2025-04-15",
        "council-natajima",
        (
            Join("2025-04-22", "council-natajima", R.PROPOSER, "課題の提示とフィールドの提供"),
            Join("2025-04-22", "school-gakugei", R.PARTNER, "学生の演習（PBL）"),
            Agree("2025-05-13", F.JOINT_PLANNING, "2025-05-13", "2026-03-31"),
            Activity("2025-07-05", "学生のフィールドワーク", 24, 6),
            Activity("2026-01-31", "成果発表会", 58, 4),
            Review(
                "2026-03-06",
                "学生の提案のうち2件を協議会が来年度に実施する",
                (Outcome("学生の提案", 6, 5, "件"), Outcome("実施が決まった提案", 2, 2, "件")),
            ),
        ),
    ),
    CaseSpec(
        "hagi-satoyama-chikurin",
        "hagi",
        "萩市",
        "企業ボランティアによる里山の竹林整備",
        "放置竹林が広がり、耕作放棄地も増えている",
        ("環境の保全", "農山漁村・中山間地域"),
        (11, 15, 17),
        "2025-04-22",
        "npo-hagi-satoyama",
        (
            Join("2025-05-07", "npo-hagi-satoyama", R.PROPOSER, "作業計画と安全講習"),
            Join("2025-05-13", "biz-hagi-kensetsu", R.PARTNER, "社員ボランティアと重機"),
            Join("2025-05-13", "council-hagi-oi", R.PARTNER, "地権者との調整"),
            Agree("2025-06-03", F.BUSINESS_COOPERATION, "2025-06-15", "2026-05-31"),
            Activity("2025-10-18", "竹林整備と耕作放棄地の草刈り", 45, 28),
            Correct(
                "2025-10-24", 6, {"volunteers": 32}, "地区からの参加者4人が数えられていなかった"
            ),
            Activity("2026-03-14", "竹の活用（竹灯籠づくり）", 60, 20),
            Review(
                "2026-06-20",
                "整備面積は目標に届いたが、竹の搬出に課題が残った",
                (Outcome("整備面積", 12000, 12000, "㎡"),),
                "搬出は地区の軽トラック協力が鍵",
                ReviewKind.THIRD_PARTY,
            ),
        ),
    ),
)

UNDER_WAY_CASES: tuple[CaseSpec, ...] = IN_PROGRESS + REVIEWING
