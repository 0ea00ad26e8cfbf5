"""Four published success cases of 山口市 from the seeds: さぽカフェ円卓会議, 「支え人。」,
コミュニティタクシー and おおうち産業フェア."""

from __future__ import annotations

from api.demo.spec import (
    Activity,
    Agree,
    CaseSpec,
    Close,
    Correct,
    Hearing,
    Join,
    Nominate,
    Note,
    Propose,
    Publish,
    Review,
    Roundtable,
)
from domain.values import Outcome
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R
from domain.vocabulary import ReviewKind

SAPO_CAFE = CaseSpec(
    key="sapo-cafe-hitorioya",
    centre="yamaguchi",
    municipality="山口市",
    title="さぽカフェ円卓会議「ひとり親家庭の支援に向けて」",
    issue="ひとり親家庭の相談が増え、食・居場所・就労の悩みを一つの団体では受け止めきれない",
    fields=("子どもの健全育成", "男女共同参画", "保健・医療・福祉"),
    sdgs=(1, 4, 5, 10, 17),
    opened="2024-05-14",
    initiator="npo-hitorioya",
    steps=(
        Hearing(
            "2024-05-21",
            "夏休みの食費、夜間の子どもの居場所、仕事と子育ての両立について"
            "相談が続いている。支援制度を知らない家庭も多い",
            "npo-hitorioya",
        ),
        Propose(
            "2024-06-04",
            ("shakyo-yamaguchi", "city-yamaguchi", "biz-yamaguchi-foods"),
            "さぽカフェ（円卓会議）のテーマに取り上げ、福祉・行政・企業が同じテーブルにつく",
        ),
        Join("2024-06-10", "npo-hitorioya", R.PROPOSER, "当事者の声の集約、話題提供"),
        Join("2024-06-10", "sapo-rante", R.VENUE_OR_GOODS, "さぽカフェの会場提供と進行"),
        Join("2024-06-18", "shakyo-yamaguchi", R.PARTNER, "子ども食堂ネットワーク・貸付制度の情報"),
        Join("2024-06-20", "city-yamaguchi", R.PUBLIC_SUPPORT, "児童扶養手当など制度の説明、周知"),
        Join("2024-07-01", "biz-yamaguchi-foods", R.VENUE_OR_GOODS, "食品の提供、従業員の参加"),
        Roundtable(
            "2024-07-20",
            "さぽカフェ「ひとり親家庭の支援に向けて」",
            (
                "npo-hitorioya",
                "sapo-rante",
                "shakyo-yamaguchi",
                "city-yamaguchi",
                "biz-yamaguchi-foods",
            ),
            28,
            "支援情報を一冊にまとめたガイドを共同で作る。夏休みに食の支援を試行する",
            "8月上旬にガイド編集会議",
        ),
        Agree(
            "2024-08-05",
            F.EXECUTIVE_COMMITTEE,
            "2024-08-05",
            "2025-03-31",
            "各団体の持ち寄り（食品、会場、印刷費は市の協働推進事業）",
            {"npo-hitorioya": "当事者への案内と受付", "biz-yamaguchi-foods": "食品の提供"},
        ),
        Activity("2024-08-24", "夏休みフードパントリー", 46, 12, "46世帯に食品を配布"),
        Activity(
            "2024-11-30",
            "ひとり親家庭支援ガイド「ひとりで抱えないで」発行",
            0,
            8,
            "3,000部を市内21か所の地域交流センターで配布",
        ),
        Activity("2025-02-15", "第2回さぽカフェ（振り返り）", 31, 6),
        Review(
            "2025-03-10",
            "円卓会議を入口に、5主体が得意分野で役割を分担できた",
            (
                Outcome("フードパントリー利用世帯", 46, 40, "世帯"),
                Outcome("ガイド配布部数", 3000, 3000, "部"),
                Outcome("さぽカフェ参加者（延べ）", 59, 50, "人"),
            ),
            "当事者団体が議題づくりから関わったことで、支援する側の思い込みを避けられた",
        ),
        Close("2025-03-25"),
        Nominate("2025-04-15", "円卓会議から具体的な協働につながった好例"),
        Publish(
            "2025-05-20",
            "さぽカフェから始まった ひとり親家庭支援の協働",
            "市民活動支援センターの円卓会議「さぽカフェ」に、NPO・社会福祉協議会・市・"
            "企業が集まり、フードパントリーと支援ガイドを共同で実現した。",
            "ひとり親家庭を支えるNPOから「相談を受け止めきれない」とセンターに相談があり、"
            "さぽカフェのテーマとして取り上げた。",
            "フードパントリー46世帯、支援ガイド3,000部、参加団体の継続的な情報交換。",
            "当事者の声を最初に聞くこと。個人情報の扱いは社会福祉協議会の手順にそろえた。",
            (
                "npo-hitorioya",
                "sapo-rante",
                "shakyo-yamaguchi",
                "city-yamaguchi",
                "biz-yamaguchi-foods",
            ),
        ),
        Note("2025-06-02", "令和7年度も継続開催の予定。防府市の支援センターから問い合わせあり"),
    ),
)

SASAEBITO = CaseSpec(
    key="sasaebito",
    centre="yamaguchi",
    municipality="山口市",
    title="企業×NPOのつながりづくりプロジェクト「支え人。」",
    issue="社会貢献をしたい企業と、人手や専門性が足りない市民活動団体が出会う場がない",
    fields=("経済活動の活性化", "団体の運営支援"),
    sdgs=(8, 17),
    opened="2024-09-03",
    initiator="shoko-yamaguchi",
    steps=(
        Hearing(
            "2024-09-10",
            "会員企業から「社会貢献をしたいが相手が分からない」との声が多い",
            "shoko-yamaguchi",
        ),
        Propose(
            "2024-09-24",
            ("npo-shizen-asobi", "biz-ishin-print"),
            "マッチング第1号として、広報物に悩む自然体験NPOと印刷会社を提案",
        ),
        Join("2024-09-30", "shoko-yamaguchi", R.PROPOSER, "企業側の募集と交流会の運営"),
        Join("2024-09-30", "sapo-rante", R.PARTNER, "NPO側の募集とマッチング支援"),
        Join("2024-10-07", "npo-shizen-asobi", R.PARTNER, "活動紹介のプレゼンテーション"),
        Join("2024-10-07", "biz-ishin-print", R.EXPERTISE, "チラシ・パンフレットのデザインと印刷"),
        Roundtable(
            "2024-10-17",
            "企業×NPO交流会「支え人。」",
            ("shoko-yamaguchi", "sapo-rante", "npo-shizen-asobi", "biz-ishin-print"),
            42,
            "企業18社・NPO12団体が参加し、3組のマッチングが成立",
            "成立した組ごとに進め方を相談",
        ),
        Correct(
            "2024-10-21",
            8,
            {"attendee_count": 45},
            "受付名簿と照合したところ、当日参加の3名が記録から漏れていた",
        ),
        Agree(
            "2024-11-01",
            F.BUSINESS_COOPERATION,
            "2024-11-01",
            "2025-03-31",
            "印刷費は企業の社会貢献として負担",
            {"biz-ishin-print": "パンフレット2,000部の制作"},
        ),
        Activity("2024-12-14", "親子自然体験会（新パンフレットで募集）", 64, 9),
        Activity("2025-02-08", "「支え人。」成果報告会", 38, 4),
        Review(
            "2025-03-05",
            "3組のマッチングがすべて活動につながった",
            (Outcome("マッチング成立数", 3, 3, "組"), Outcome("交流会参加企業", 18, 15, "社")),
            "企業には「何をしてほしいか」を具体的に伝えると話が進む",
        ),
        Close("2025-03-28"),
        Nominate("2025-04-15", "商工団体との協働によるマッチングの仕組み"),
        Publish(
            "2025-05-20",
            "企業とNPOをつなぐ「支え人。」",
            "商工団体と市民活動支援センターが協働し、企業とNPOの交流会からマッチングを"
            "生み出した。印刷会社の協力で自然体験NPOの広報が大きく変わった。",
            "商工団体の会員企業から、社会貢献の相手が分からないという声が寄せられた。",
            "マッチング3組、交流会参加企業18社、親子自然体験会の参加者64人。",
            "企業の得意分野とNPOの困りごとを事前に一枚にまとめてから引き合わせた。",
            ("shoko-yamaguchi", "sapo-rante", "npo-shizen-asobi", "biz-ishin-print"),
        ),
    ),
)

COMMUNITY_TAXI = CaseSpec(
    key="sayama-community-taxi",
    centre="yamaguchi",
    municipality="山口市",
    title="佐山地域 コミュニティタクシー（買物・病院便）",
    issue="バス路線の廃止後、高齢者が買物や通院の手段に困っている",
    fields=("まちづくり", "保健・医療・福祉"),
    sdgs=(3, 11),
    opened="2022-05-12",
    initiator="council-sayama",
    steps=(
        Hearing(
            "2022-05-19", "免許を返納した高齢者が増え、週1回の買物も家族頼み", "council-sayama"
        ),
        Propose(
            "2022-06-01",
            ("biz-yuda-taxi", "city-yamaguchi"),
            "市のコミュニティタクシー制度を使い、地元のタクシー事業者に運行を委ねる",
        ),
        Join(
            "2022-06-06", "council-sayama", R.PROPOSER, "ルートと時刻の検討、利用者登録、運営委員会"
        ),
        Join("2022-06-15", "biz-yuda-taxi", R.PARTNER, "車両と運転手、運行管理"),
        Join("2022-06-15", "city-yamaguchi", R.PUBLIC_SUPPORT, "運行経費の一部補助と制度の助言"),
        Roundtable(
            "2022-07-08",
            "佐山地域 買物・病院便 運営協議",
            ("council-sayama", "biz-yuda-taxi", "city-yamaguchi"),
            24,
            "週2日・1日4便で試行運行する",
            "住民アンケートで時刻を決める",
        ),
        Agree("2022-08-01", F.SUBSIDY, "2022-10-01", None, "市の運行補助、利用料1回300円"),
        Activity("2022-10-04", "試行運行の開始", 38, 6, "登録利用者87人"),
        Activity("2023-03-31", "試行運行 半年間（延べ利用）", 612, 8),
        Review(
            "2023-05-20",
            "延べ利用者が目標を上回り、本格運行へ移行する",
            (Outcome("延べ利用者数", 612, 500, "人"), Outcome("登録利用者数", 87, 80, "人")),
            "時刻を病院の診療時間とスーパーの特売日に合わせた。運営委員会に若手を入れた",
            ReviewKind.THIRD_PARTY,
        ),
        Close("2023-06-30"),
        Nominate("2023-07-10", "地域・市・事業者の三者協働による移動手段の確保"),
        Publish(
            "2023-09-01",
            "地域・市・事業者で走らせる 佐山のコミュニティタクシー",
            "地域づくり協議会が運営主体となり、市の補助と地元タクシー事業者の運行で"
            "買物・病院便を実現した。",
            "バス路線の廃止後、免許を返納した高齢者の買物や通院を心配する声が協議会に集まった。",
            "半年の試行で延べ612人が利用し、本格運行に移行。",
            "運行時刻を地域の暮らしに合わせ、運営委員会に多世代を入れた。",
            ("council-sayama", "biz-yuda-taxi", "city-yamaguchi"),
        ),
    ),
)

SANGYO_FAIR = CaseSpec(
    key="ouchi-sangyo-fair",
    centre="yamaguchi",
    municipality="山口市",
    title="おおうち産業フェア",
    issue="地域の企業を住民がよく知らず、若者の地元就職にもつながっていない",
    fields=("経済活動の活性化", "まちづくり", "職業能力・雇用機会"),
    sdgs=(8, 11, 17),
    opened="2024-06-11",
    initiator="council-ouchi",
    steps=(
        Hearing("2024-06-18", "地域に23の企業・団体があるが、住民との接点がない", "council-ouchi"),
        Propose(
            "2024-07-02",
            ("biz-ouchi-seiko", "school-gakugei", "city-yamaguchi"),
            "協議会・地元企業・大学・市で実行委員会をつくる",
        ),
        Join("2024-07-08", "council-ouchi", R.PROPOSER, "実行委員会事務局、地域交流センターの会場"),
        Join("2024-07-10", "biz-ouchi-seiko", R.PARTNER, "出展企業の取りまとめ、ものづくり体験"),
        Join("2024-07-16", "school-gakugei", R.PARTNER, "学生スタッフ、来場者アンケート"),
        Join(
            "2024-07-16",
            "city-yamaguchi",
            R.PUBLIC_SUPPORT,
            "地域づくり交付金、地元就職事業との連携",
        ),
        Roundtable(
            "2024-07-25",
            "第1回 実行委員会",
            ("council-ouchi", "biz-ouchi-seiko", "school-gakugei", "city-yamaguchi"),
            19,
            "11月9日開催、職業体験コーナーを設ける",
        ),
        Agree(
            "2024-08-08",
            F.EXECUTIVE_COMMITTEE,
            "2024-08-08",
            "2024-12-31",
            "地域づくり交付金と出展料",
        ),
        Activity("2024-11-09", "おおうち産業フェア", 500, 42, "大内地域の23の企業・団体が出展"),
        Review(
            "2024-12-10",
            "来場者約500人、出展者・学生ともに満足度が高かった",
            (
                Outcome("出展企業・団体数", 23, 20, "団体"),
                Outcome("来場者数", 500, 400, "人"),
                Outcome("職業体験に参加した学生", 31, 30, "人"),
            ),
        ),
        Close("2024-12-20"),
        Nominate("2025-01-15", "事業者と連携した地域づくり"),
        Publish(
            "2025-02-25",
            "地域の企業と住民が出会う おおうち産業フェア",
            "大内まちづくり協議会が中心となり、地元企業・大学・市と実行委員会をつくって"
            "産業フェアを開いた。23の企業・団体が出展し、約500人が来場した。",
            "協議会の話し合いで、地元の企業を知らないという声と、若者の地元就職の課題が出た。",
            "出展23団体、来場者約500人、職業体験に参加した学生31人。",
            "企業ごとに体験コーナーを設け、見るだけでなく触れる場にした。",
            ("council-ouchi", "biz-ouchi-seiko", "school-gakugei", "city-yamaguchi"),
        ),
    ),
)

YAMAGUCHI_SUCCESSES: tuple[CaseSpec, ...] = (SAPO_CAFE, SASAEBITO, COMMUNITY_TAXI, SANGYO_FAIR)
