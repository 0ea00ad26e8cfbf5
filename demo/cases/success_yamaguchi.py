"""Four published success cases of 山口市 from the seeds: さぽカフェ円卓会議, 「支え人。」,
コミュニティタクシー and おおうち産業フェア."""

from __future__ import annotations

from demo.notation import CASE, DemoCase, P, corrected, d
from domain.commands import (
    AddNote,
    CarryOutActivity,
    CloseCase,
    ConductReview,
    CorrectStep,
    HoldHearing,
    HoldRoundtable,
    JoinParty,
    NominateSuccessCase,
    ProposePartners,
    PublishSuccessCase,
    ReachAgreement,
    ReceiveConsultation,
)
from domain.values import Outcome, RoleAssignment, SuccessStory
from domain.vocabulary import ClosureResult, ReviewKind
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R

SAPO_CAFE = DemoCase(
    "sapo-cafe-hitorioya",
    ReceiveConsultation(
        "さぽカフェ円卓会議「ひとり親家庭の支援に向けて」",
        "ひとり親家庭の相談が増え、食・居場所・就労の悩みを一つの団体では受け止めきれない",
        "山口市",
        ("子どもの健全育成", "男女共同参画", "保健・医療・福祉"),
        (1, 4, 5, 10, 17),
        "yamaguchi",
        P["npo-hitorioya"],
        d("2024-05-14"),
    ),
    (
        HoldHearing(
            CASE,
            "夏休みの食費、夜間の子どもの居場所、仕事と子育ての両立について相談が続いている。"
            "支援制度を知らない家庭も多い",
            d("2024-05-21"),
            P["npo-hitorioya"],
        ),
        ProposePartners(
            CASE,
            (P["shakyo-yamaguchi"], P["city-yamaguchi"], P["biz-yamaguchi-foods"]),
            "さぽカフェ（円卓会議）のテーマに取り上げ、福祉・行政・企業が同じテーブルにつく",
            d("2024-06-04"),
        ),
        JoinParty(
            CASE, P["npo-hitorioya"], R.PROPOSER, "当事者の声の集約、話題提供", d("2024-06-10")
        ),
        JoinParty(
            CASE, P["sapo-rante"], R.VENUE_OR_GOODS, "さぽカフェの会場提供と進行", d("2024-06-10")
        ),
        JoinParty(
            CASE,
            P["shakyo-yamaguchi"],
            R.PARTNER,
            "子ども食堂ネットワーク・貸付制度の情報",
            d("2024-06-18"),
        ),
        JoinParty(
            CASE,
            P["city-yamaguchi"],
            R.PUBLIC_SUPPORT,
            "児童扶養手当など制度の説明、周知",
            d("2024-06-20"),
        ),
        JoinParty(
            CASE,
            P["biz-yamaguchi-foods"],
            R.VENUE_OR_GOODS,
            "食品の提供、従業員の参加",
            d("2024-07-01"),
        ),
        HoldRoundtable(
            CASE,
            "さぽカフェ「ひとり親家庭の支援に向けて」",
            d("2024-07-20"),
            (
                P["npo-hitorioya"],
                P["sapo-rante"],
                P["shakyo-yamaguchi"],
                P["city-yamaguchi"],
                P["biz-yamaguchi-foods"],
            ),
            28,
            "支援情報を一冊にまとめたガイドを共同で作る。夏休みに食の支援を試行する",
            "8月上旬にガイド編集会議",
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["npo-hitorioya"], R.PROPOSER, "当事者への案内と受付"),
                RoleAssignment(P["sapo-rante"], R.VENUE_OR_GOODS),
                RoleAssignment(P["shakyo-yamaguchi"], R.PARTNER),
                RoleAssignment(P["city-yamaguchi"], R.PUBLIC_SUPPORT),
                RoleAssignment(P["biz-yamaguchi-foods"], R.VENUE_OR_GOODS, "食品の提供"),
            ),
            d("2024-08-05"),
            F.EXECUTIVE_COMMITTEE,
            d("2024-08-05"),
            d("2025-03-31"),
            "各団体の持ち寄り（食品、会場、印刷費は市の協働推進事業）",
        ),
        CarryOutActivity(
            CASE, "夏休みフードパントリー", d("2024-08-24"), 46, 12, "46世帯に食品を配布"
        ),
        CarryOutActivity(
            CASE,
            "ひとり親家庭支援ガイド「ひとりで抱えないで」発行",
            d("2024-11-30"),
            0,
            8,
            "3,000部を市内21か所の地域交流センターで配布",
        ),
        CarryOutActivity(CASE, "第2回さぽカフェ（振り返り）", d("2025-02-15"), 31, 6),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "円卓会議を入口に、5主体が得意分野で役割を分担できた",
            d("2025-03-10"),
            (
                Outcome("フードパントリー利用世帯", 46, 40, "世帯"),
                Outcome("ガイド配布部数", 3000, 3000, "部"),
                Outcome("さぽカフェ参加者（延べ）", 59, 50, "人"),
            ),
            "当事者団体が議題づくりから関わったことで、支援する側の思い込みを避けられた",
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2025-03-25")),
        NominateSuccessCase(CASE, d("2025-04-15"), "円卓会議から具体的な協働につながった好例"),
        PublishSuccessCase(
            CASE,
            SuccessStory(
                "さぽカフェから始まった ひとり親家庭支援の協働",
                "市民活動支援センターの円卓会議「さぽカフェ」に、"
                "NPO・社会福祉協議会・市・企業が集まり、フードパントリーと支援ガイドを共同で実現し"
                "た。",
                "ひとり親家庭を支えるNPOから「相談を受け止めきれない」とセンターに相談があり、"
                "さぽカフェのテーマとして取り上げた。",
                "フードパントリー46世帯、支援ガイド3,000部、参加団体の継続的な情報交換。",
                "当事者の声を最初に聞くこと。個人情報の扱いは社会福祉協議会の手順にそろえた。",
                (
                    P["npo-hitorioya"],
                    P["sapo-rante"],
                    P["shakyo-yamaguchi"],
                    P["city-yamaguchi"],
                    P["biz-yamaguchi-foods"],
                ),
            ),
            d("2025-05-20"),
        ),
        AddNote(
            CASE,
            "令和7年度も継続開催の予定。防府市の支援センターから問い合わせあり",
            d("2025-06-02"),
        ),
    ),
)

SASAEBITO = DemoCase(
    "sasaebito",
    ReceiveConsultation(
        "企業×NPOのつながりづくりプロジェクト「支え人。」",
        "社会貢献をしたい企業と、人手や専門性が足りない市民活動団体が出会う場がない",
        "山口市",
        ("経済活動の活性化", "団体の運営支援"),
        (8, 17),
        "yamaguchi",
        P["shoko-yamaguchi"],
        d("2024-09-03"),
    ),
    (
        HoldHearing(
            CASE,
            "会員企業から「社会貢献をしたいが相手が分からない」との声が多い",
            d("2024-09-10"),
            P["shoko-yamaguchi"],
        ),
        ProposePartners(
            CASE,
            (P["npo-shizen-asobi"], P["biz-ishin-print"]),
            "マッチング第1号として、広報物に悩む自然体験NPOと印刷会社を提案",
            d("2024-09-24"),
        ),
        JoinParty(
            CASE, P["shoko-yamaguchi"], R.PROPOSER, "企業側の募集と交流会の運営", d("2024-09-30")
        ),
        JoinParty(CASE, P["sapo-rante"], R.PARTNER, "NPO側の募集とマッチング支援", d("2024-09-30")),
        JoinParty(
            CASE, P["npo-shizen-asobi"], R.PARTNER, "活動紹介のプレゼンテーション", d("2024-10-07")
        ),
        JoinParty(
            CASE,
            P["biz-ishin-print"],
            R.EXPERTISE,
            "チラシ・パンフレットのデザインと印刷",
            d("2024-10-07"),
        ),
        HoldRoundtable(
            CASE,
            "企業×NPO交流会「支え人。」",
            d("2024-10-17"),
            (P["shoko-yamaguchi"], P["sapo-rante"], P["npo-shizen-asobi"], P["biz-ishin-print"]),
            42,
            "企業18社・NPO12団体が参加し、3組のマッチングが成立",
            "成立した組ごとに進め方を相談",
        ),
        CorrectStep(
            CASE,
            8,
            corrected(HoldRoundtable, {"参加者数": 45}),
            "受付名簿と照合したところ、当日参加の3名が記録から漏れていた",
            d("2024-10-21"),
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["shoko-yamaguchi"], R.PROPOSER),
                RoleAssignment(P["sapo-rante"], R.PARTNER),
                RoleAssignment(P["npo-shizen-asobi"], R.PARTNER),
                RoleAssignment(P["biz-ishin-print"], R.EXPERTISE, "パンフレット2,000部の制作"),
            ),
            d("2024-11-01"),
            F.BUSINESS_COOPERATION,
            d("2024-11-01"),
            d("2025-03-31"),
            "印刷費は企業の社会貢献として負担",
        ),
        CarryOutActivity(CASE, "親子自然体験会（新パンフレットで募集）", d("2024-12-14"), 64, 9),
        CarryOutActivity(CASE, "「支え人。」成果報告会", d("2025-02-08"), 38, 4),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "3組のマッチングがすべて活動につながった",
            d("2025-03-05"),
            (Outcome("マッチング成立数", 3, 3, "組"), Outcome("交流会参加企業", 18, 15, "社")),
            "企業には「何をしてほしいか」を具体的に伝えると話が進む",
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2025-03-28")),
        NominateSuccessCase(CASE, d("2025-04-15"), "商工団体との協働によるマッチングの仕組み"),
        PublishSuccessCase(
            CASE,
            SuccessStory(
                "企業とNPOをつなぐ「支え人。」",
                "商工団体と市民活動支援センターが協働し、企業とNPOの交流会からマッチングを生み出し"
                "た。印刷会社の協力で自然体験NPOの広報が大きく変わった。",
                "商工団体の会員企業から、社会貢献の相手が分からないという声が寄せられた。",
                "マッチング3組、交流会参加企業18社、親子自然体験会の参加者64人。",
                "企業の得意分野とNPOの困りごとを事前に一枚にまとめてから引き合わせた。",
                (
                    P["shoko-yamaguchi"],
                    P["sapo-rante"],
                    P["npo-shizen-asobi"],
                    P["biz-ishin-print"],
                ),
            ),
            d("2025-05-20"),
        ),
    ),
)

COMMUNITY_TAXI = DemoCase(
    "sayama-community-taxi",
    ReceiveConsultation(
        "佐山地域 コミュニティタクシー（買物・病院便）",
        "バス路線の廃止後、高齢者が買物や通院の手段に困っている",
        "山口市",
        ("まちづくり", "保健・医療・福祉"),
        (3, 11),
        "yamaguchi",
        P["council-sayama"],
        d("2022-05-12"),
    ),
    (
        HoldHearing(
            CASE,
            "免許を返納した高齢者が増え、週1回の買物も家族頼み",
            d("2022-05-19"),
            P["council-sayama"],
        ),
        ProposePartners(
            CASE,
            (P["biz-yuda-taxi"], P["city-yamaguchi"]),
            "市のコミュニティタクシー制度を使い、地元のタクシー事業者に運行を委ねる",
            d("2022-06-01"),
        ),
        JoinParty(
            CASE,
            P["council-sayama"],
            R.PROPOSER,
            "ルートと時刻の検討、利用者登録、運営委員会",
            d("2022-06-06"),
        ),
        JoinParty(CASE, P["biz-yuda-taxi"], R.PARTNER, "車両と運転手、運行管理", d("2022-06-15")),
        JoinParty(
            CASE,
            P["city-yamaguchi"],
            R.PUBLIC_SUPPORT,
            "運行経費の一部補助と制度の助言",
            d("2022-06-15"),
        ),
        HoldRoundtable(
            CASE,
            "佐山地域 買物・病院便 運営協議",
            d("2022-07-08"),
            (P["council-sayama"], P["biz-yuda-taxi"], P["city-yamaguchi"]),
            24,
            "週2日・1日4便で試行運行する",
            "住民アンケートで時刻を決める",
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["council-sayama"], R.PROPOSER),
                RoleAssignment(P["biz-yuda-taxi"], R.PARTNER),
                RoleAssignment(P["city-yamaguchi"], R.PUBLIC_SUPPORT),
            ),
            d("2022-10-01"),
            F.SUBSIDY,
            d("2022-08-01"),
            None,
            "市の運行補助、利用料1回300円",
        ),
        CarryOutActivity(CASE, "試行運行の開始", d("2022-10-04"), 38, 6, "登録利用者87人"),
        CarryOutActivity(CASE, "試行運行 半年間（延べ利用）", d("2023-03-31"), 612, 8),
        ConductReview(
            CASE,
            ReviewKind.THIRD_PARTY,
            "延べ利用者が目標を上回り、本格運行へ移行する",
            d("2023-05-20"),
            (Outcome("延べ利用者数", 612, 500, "人"), Outcome("登録利用者数", 87, 80, "人")),
            "時刻を病院の診療時間とスーパーの特売日に合わせた。運営委員会に若手を入れた",
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2023-06-30")),
        NominateSuccessCase(
            CASE, d("2023-07-10"), "地域・市・事業者の三者協働による移動手段の確保"
        ),
        PublishSuccessCase(
            CASE,
            SuccessStory(
                "地域・市・事業者で走らせる 佐山のコミュニティタクシー",
                "地域づくり協議会が運営主体となり、市の補助と地元タクシー事業者の運行で買物・病院"
                "便を実現した。",
                "バス路線の廃止後、免許を返納した高齢者の買物や通院を心配する声が協議会に集まった"
                "。",
                "半年の試行で延べ612人が利用し、本格運行に移行。",
                "運行時刻を地域の暮らしに合わせ、運営委員会に多世代を入れた。",
                (P["council-sayama"], P["biz-yuda-taxi"], P["city-yamaguchi"]),
            ),
            d("2023-09-01"),
        ),
    ),
)

SANGYO_FAIR = DemoCase(
    "ouchi-sangyo-fair",
    ReceiveConsultation(
        "おおうち産業フェア",
        "地域の企業を住民がよく知らず、若者の地元就職にもつながっていない",
        "山口市",
        ("経済活動の活性化", "まちづくり", "職業能力・雇用機会"),
        (8, 11, 17),
        "yamaguchi",
        P["council-ouchi"],
        d("2024-06-11"),
    ),
    (
        HoldHearing(
            CASE,
            "地域に23の企業・団体があるが、住民との接点がない",
            d("2024-06-18"),
            P["council-ouchi"],
        ),
        ProposePartners(
            CASE,
            (P["biz-ouchi-seiko"], P["school-gakugei"], P["city-yamaguchi"]),
            "協議会・地元企業・大学・市で実行委員会をつくる",
            d("2024-07-02"),
        ),
        JoinParty(
            CASE,
            P["council-ouchi"],
            R.PROPOSER,
            "実行委員会事務局、地域交流センターの会場",
            d("2024-07-08"),
        ),
        JoinParty(
            CASE,
            P["biz-ouchi-seiko"],
            R.PARTNER,
            "出展企業の取りまとめ、ものづくり体験",
            d("2024-07-10"),
        ),
        JoinParty(
            CASE, P["school-gakugei"], R.PARTNER, "学生スタッフ、来場者アンケート", d("2024-07-16")
        ),
        JoinParty(
            CASE,
            P["city-yamaguchi"],
            R.PUBLIC_SUPPORT,
            "地域づくり交付金、地元就職事業との連携",
            d("2024-07-16"),
        ),
        HoldRoundtable(
            CASE,
            "第1回 実行委員会",
            d("2024-07-25"),
            (P["council-ouchi"], P["biz-ouchi-seiko"], P["school-gakugei"], P["city-yamaguchi"]),
            19,
            "11月9日開催、職業体験コーナーを設ける",
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["council-ouchi"], R.PROPOSER),
                RoleAssignment(P["biz-ouchi-seiko"], R.PARTNER),
                RoleAssignment(P["school-gakugei"], R.PARTNER),
                RoleAssignment(P["city-yamaguchi"], R.PUBLIC_SUPPORT),
            ),
            d("2024-08-08"),
            F.EXECUTIVE_COMMITTEE,
            d("2024-08-08"),
            d("2024-12-31"),
            "地域づくり交付金と出展料",
        ),
        CarryOutActivity(
            CASE, "おおうち産業フェア", d("2024-11-09"), 500, 42, "大内地域の23の企業・団体が出展"
        ),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "来場者約500人、出展者・学生ともに満足度が高かった",
            d("2024-12-10"),
            (
                Outcome("出展企業・団体数", 23, 20, "団体"),
                Outcome("来場者数", 500, 400, "人"),
                Outcome("職業体験に参加した学生", 31, 30, "人"),
            ),
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2024-12-20")),
        NominateSuccessCase(CASE, d("2025-01-15"), "事業者と連携した地域づくり"),
        PublishSuccessCase(
            CASE,
            SuccessStory(
                "地域の企業と住民が出会う おおうち産業フェア",
                "大内まちづくり協議会が中心となり、地元企業・大学・市と実行委員会をつくって産業フ"
                "ェアを開いた。23の企業・団体が出展し、約500人が来場した。",
                "協議会の話し合いで、地元の企業を知らないという声と、若者の地元就職の課題が出た。",
                "出展23団体、来場者約500人、職業体験に参加した学生31人。",
                "企業ごとに体験コーナーを設け、見るだけでなく触れる場にした。",
                (
                    P["council-ouchi"],
                    P["biz-ouchi-seiko"],
                    P["school-gakugei"],
                    P["city-yamaguchi"],
                ),
            ),
            d("2025-02-25"),
        ),
    ),
)

YAMAGUCHI_SUCCESSES: tuple[DemoCase, ...] = (SAPO_CAFE, SASAEBITO, COMMUNITY_TAXI, SANGYO_FAIR)
