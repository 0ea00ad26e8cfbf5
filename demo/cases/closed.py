"""Closed cases that were not published: successes kept in-house, a discontinued matching,
withdrawn consultations, and a discontinued case that was reopened."""

from __future__ import annotations

from api.demo.spec import (
    Activity,
    Agree,
    CaseSpec,
    Close,
    Hearing,
    Join,
    Nominate,
    Note,
    Propose,
    Reopen,
    Review,
    Roundtable,
    Withdraw,
)
from domain.values import Outcome
from domain.vocabulary import ClosureResult as C
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R

MIMAMORI = CaseSpec(
    key="nishikiwa-mimamori",
    centre="ube",
    municipality="宇部市",
    title="新聞販売店と自治会による高齢者の見守り活動",
    issue="一人暮らしの高齢者が増え、自治会だけでは日々の異変に気づけない",
    fields=("保健・医療・福祉", "地域安全"),
    sdgs=(3, 11),
    opened="2022-06-07",
    initiator="jichikai-nishikiwa",
    steps=(
        Hearing(
            "2022-06-14", "見守りが必要な世帯は約60。民生委員も高齢化している", "jichikai-nishikiwa"
        ),
        Propose(
            "2022-06-28",
            ("biz-ube-shinbun", "shakyo-ube"),
            "毎朝配達に回る新聞販売店と、社会福祉協議会の連絡体制を組み合わせる",
        ),
        Join("2022-07-04", "jichikai-nishikiwa", R.PROPOSER, "見守り世帯の把握と声かけ"),
        Join("2022-07-11", "biz-ube-shinbun", R.PARTNER, "配達時に気づいた異変の連絡"),
        Join("2022-07-11", "shakyo-ube", R.PARTNER, "緊急時の連絡体制と民生委員との連携"),
        Agree(
            "2022-08-01",
            F.BUSINESS_COOPERATION,
            "2022-09-01",
            "2023-03-31",
            "見守り協定（費用負担なし）",
        ),
        Activity("2022-09-10", "見守り協定の締結と配達員研修", 35, 12),
        Review(
            "2023-03-20",
            "協定による通報が3件、いずれも早期の対応につながった",
            (
                Outcome("見守り登録世帯", 64, 50, "世帯"),
                Outcome("早期対応につながった通報", 3, None, "件"),
            ),
        ),
        Close("2023-03-31"),
        Nominate("2023-05-15", "事業者の日常業務を生かした見守り"),
        Note(
            "2023-06-01",
            "販売センターが社名の公表を控えたいとのことで、事例集への公開は見送り。"
            "会議では推薦事例として共有する",
        ),
    ),
)

KIFU = CaseSpec(
    key="shunan-kifu-gakushu",
    centre="shunan",
    municipality="周南市",
    title="寄附で支える子どもの学習支援教室",
    issue="学習支援教室の運営費が足りず、寄附を集める方法が分からない",
    fields=("子どもの健全育成", "団体の運営支援"),
    sdgs=(1, 4, 17),
    opened="2022-07-05",
    initiator="npo-shunan-kifu",
    steps=(
        Hearing(
            "2022-07-12",
            "クラウドファンディングと企業のマッチング寄附を組み合わせたい",
            "npo-shunan-kifu",
        ),
        Join("2022-07-20", "npo-shunan-kifu", R.PROPOSER, "クラウドファンディングの企画と広報"),
        Join("2022-08-02", "biz-shunan-kagaku", R.FUNDER, "集まった寄附と同額のマッチング寄附"),
        Join("2022-08-02", "npo-shunan-kosodate", R.PARTNER, "学習支援教室の運営"),
        Agree(
            "2022-08-20",
            F.BUSINESS_COOPERATION,
            "2022-09-01",
            "2023-01-31",
            "マッチング寄附の上限60万円",
        ),
        Activity("2022-11-30", "クラウドファンディングの実施", 213, 7, "目標120万円に対し138万円"),
        Review(
            "2023-01-20",
            "目標額を上回り、教室を週2回に増やせた",
            (Outcome("寄附額", 138, 120, "万円"), Outcome("寄附者数", 213, 150, "人")),
        ),
        Close("2023-01-31"),
    ),
)

VOLUNTEER_NYUMON = CaseSpec(
    key="daigakusei-volunteer-nyumon",
    centre="yamaguchi",
    municipality="山口市",
    title="大学生向けボランティア入門講座",
    issue="若い世代の参加が少なく、大学生がボランティアを始めるきっかけがない",
    fields=("社会教育", "団体の運営支援"),
    sdgs=(4, 17),
    opened="2023-05-09",
    initiator="sapo-rante",
    steps=(
        Join("2023-05-16", "sapo-rante", R.PROPOSER, "講座の企画と団体の紹介"),
        Join("2023-05-23", "school-yamadai", R.PARTNER, "学生への周知と教室の提供"),
        Join("2023-05-23", "shakyo-yamaguchi", R.PARTNER, "福祉ボランティアの体験先の紹介"),
        Roundtable(
            "2023-06-06",
            "講座内容の検討",
            ("sapo-rante", "school-yamadai", "shakyo-yamaguchi"),
            7,
            "座学1回と体験1回の2回構成",
        ),
        Agree("2023-06-20", F.CO_HOSTING, "2023-07-01", "2024-02-29"),
        Activity("2023-10-21", "ボランティア入門講座（座学）", 41, 5),
        Activity("2023-11-18", "ボランティア体験（子ども食堂・清掃活動）", 29, 8),
        Review(
            "2024-02-10",
            "受講生の半数が体験後も活動を続けている",
            (Outcome("受講者数", 41, 30, "人"), Outcome("体験後も継続している学生", 21, 15, "人")),
        ),
        Close("2024-02-29"),
    ),
)

HAISHOKU = CaseSpec(
    key="kudamatsu-fureai-kyushoku",
    centre="kudamatsu",
    municipality="下松市",
    title="ふれあい給食サービスの担い手づくり",
    issue="配食ボランティアの高齢化で、ふれあい給食を続けられなくなりそう",
    fields=("保健・医療・福祉",),
    sdgs=(2, 3, 11),
    opened="2023-05-16",
    initiator="npo-kudamatsu-haishoku",
    steps=(
        Hearing("2023-05-23", "配達の担い手が8人から5人に減った", "npo-kudamatsu-haishoku"),
        Join("2023-06-01", "npo-kudamatsu-haishoku", R.PROPOSER, "調理と配食"),
        Join("2023-06-05", "shakyo-kudamatsu", R.PARTNER, "ボランティア募集"),
        Join("2023-06-05", "jichikai-hanaoka", R.PARTNER, "配食先の見守りと配達の協力"),
        Agree("2023-06-26", F.BUSINESS_COOPERATION, "2023-07-01", "2024-03-31"),
        Activity("2023-07-12", "ふれあい給食（新体制の初回）", 48, 11),
        Review(
            "2024-03-12",
            "配達ボランティアが14人に増え、毎月の配食を続けられた",
            (Outcome("配達ボランティア", 14, 10, "人"), Outcome("配食数（年間）", 560, 500, "食")),
        ),
        Close("2024-03-27"),
    ),
)

AKI_TENPO = CaseSpec(
    key="iwakuni-akitenpo-ibasho",
    centre="iwakuni",
    municipality="岩国市",
    title="駅前の空き店舗を活用した多世代の居場所",
    issue="駅前に気軽に立ち寄れる場所がなく、空き店舗が増えている",
    fields=("まちづくり", "経済活動の活性化"),
    sdgs=(11,),
    opened="2022-09-13",
    initiator="vg-iwakuni-ekimae",
    steps=(
        Hearing("2022-09-20", "家主から空き店舗を安く借りられる見込みがある", "vg-iwakuni-ekimae"),
        Join("2022-10-03", "vg-iwakuni-ekimae", R.PROPOSER, "居場所の運営"),
        Join("2022-10-11", "jichikai-marifu", R.PARTNER, "住民への周知と運営の手伝い"),
        Agree("2022-11-01", F.BUSINESS_COOPERATION, "2023-01-01", "2023-12-31"),
        Close(
            "2023-01-24",
            C.DISCONTINUED,
            "家主の事情で店舗が使えなくなり、代わりの場所も見つからなかった",
        ),
    ),
)

NINTEI_NPO = CaseSpec(
    key="sanyo-nintei-npo",
    centre="sanyo_onoda",
    municipality="山陽小野田市",
    title="認定NPO法人への移行に向けた会計の整備",
    issue="認定NPO法人を目指しているが、会計を整える人がいない",
    fields=("団体の運営支援", "環境の保全"),
    sdgs=(15, 17),
    opened="2023-07-04",
    initiator="npo-sanyo-kirara",
    steps=(
        Hearing("2023-07-11", "寄附者名簿と会計区分の整理が必要", "npo-sanyo-kirara"),
        Propose("2023-07-25", ("probono-kaikei",), "プロボノワーカーバンクの会計経験者を紹介"),
        Join("2023-08-01", "npo-sanyo-kirara", R.PROPOSER, "帳簿と資料の準備"),
        Join("2023-08-08", "probono-kaikei", R.EXPERTISE, "会計区分の見直しと研修"),
        Withdraw("2023-10-02", "probono-kaikei", "本業の繁忙期と重なり、継続が難しくなった"),
        Close(
            "2023-11-14", C.DISCONTINUED, "代わりのワーカーが見つからず、団体が移行時期を見直した"
        ),
    ),
)

MACHINAMI = CaseSpec(
    key="yanai-machinami-guide",
    centre="yanai",
    municipality="柳井市",
    title="白壁の町並み案内ボランティアの募集",
    issue="観光客を案内するボランティアが不足している",
    fields=("観光", "まちづくり"),
    sdgs=(8, 11),
    opened="2023-08-22",
    initiator="npo-yanai-machinami",
    steps=(
        Hearing("2023-08-29", "週末の案内役を5人ほど増やしたい", "npo-yanai-machinami"),
        Close(
            "2023-09-26", C.WITHDRAWN, "会員の中で担い手が見つかったため、団体から相談を取り下げ"
        ),
    ),
)

MUROTSU = CaseSpec(
    key="kaminoseki-dento-gyoji",
    centre="pref",
    municipality="上関町",
    title="伝統行事の担い手確保",
    issue="地区の伝統行事の担い手が高齢化し、若い人の参加が少ない",
    fields=("学術・文化・芸術・スポーツ", "まちづくり"),
    sdgs=(11,),
    opened="2024-05-28",
    initiator="vg-murotsu-matsuri",
    steps=(
        Hearing("2024-06-04", "町外の大学生に手伝ってもらえないか", "vg-murotsu-matsuri"),
        Propose("2024-06-25", ("school-yamadai",), "大学の地域連携の窓口を紹介"),
        Close(
            "2024-08-06", C.WITHDRAWN, "保存会の総会で今年度の開催見送りが決まり、相談を取り下げ"
        ),
    ),
)

KAIGAN_HIKARI = CaseSpec(
    key="hikari-kaigan-seiso",
    centre="hikari",
    municipality="光市",
    title="高校生と取り組む海岸清掃と環境学習",
    issue="海岸の漂着ごみが多く、清掃の担い手も高齢化している",
    fields=("環境の保全", "子どもの健全育成"),
    sdgs=(4, 14),
    opened="2024-05-14",
    initiator="vg-hikari-volunteer",
    steps=(
        Join("2024-05-28", "vg-hikari-volunteer", R.PROPOSER, "清掃の段取りと用具"),
        Join("2024-06-04", "school-hikari-hs", R.PARTNER, "ボランティア部の参加と環境学習"),
        Agree("2024-06-20", F.CO_HOSTING, "2024-07-01", "2025-03-31"),
        Close("2024-09-10", C.DISCONTINUED, "台風で海岸が立入禁止となり、今年度の実施を中止"),
        Reopen("2025-04-21", "海岸の復旧が終わり、高校から再開の要望が寄せられた"),
        Activity("2025-07-26", "海岸清掃と環境学習会", 64, 12, "漂着ごみ約180kgを回収"),
        Note("2025-07-28", "秋にも実施したいとの声あり。日程は高校の行事予定を見て決める"),
    ),
)

CLOSED_CASES: tuple[CaseSpec, ...] = (
    MIMAMORI,
    KIFU,
    VOLUNTEER_NYUMON,
    HAISHOKU,
    AKI_TENPO,
    NINTEI_NPO,
    MACHINAMI,
    MUROTSU,
    KAIGAN_HIKARI,
)
