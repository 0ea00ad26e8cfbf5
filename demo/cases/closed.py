"""Closed cases that were not published: successes kept in-house, a discontinued matching,
withdrawn consultations, and a discontinued case that was reopened."""

from __future__ import annotations

from demo.notation import CASE, DemoCase, P, d
from domain.commands import (
    AddNote,
    CarryOutActivity,
    CloseCase,
    ConductReview,
    HoldHearing,
    HoldRoundtable,
    JoinParty,
    NominateSuccessCase,
    ProposePartners,
    ReachAgreement,
    ReceiveConsultation,
    ReopenCase,
    WithdrawParty,
)
from domain.values import Outcome, RoleAssignment
from domain.vocabulary import ClosureResult, ReviewKind
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R

MIMAMORI = DemoCase(
    "nishikiwa-mimamori",
    ReceiveConsultation(
        "新聞販売店と自治会による高齢者の見守り活動",
        "一人暮らしの高齢者が増え、自治会だけでは日々の異変に気づけない",
        "宇部市",
        ("保健・医療・福祉", "地域安全"),
        (3, 11),
        "ube",
        P["jichikai-nishikiwa"],
        d("2022-06-07"),
    ),
    (
        HoldHearing(
            CASE,
            "見守りが必要な世帯は約60。民生委員も高齢化している",
            d("2022-06-14"),
            P["jichikai-nishikiwa"],
        ),
        ProposePartners(
            CASE,
            (P["biz-ube-shinbun"], P["shakyo-ube"]),
            "毎朝配達に回る新聞販売店と、社会福祉協議会の連絡体制を組み合わせる",
            d("2022-06-28"),
        ),
        JoinParty(
            CASE, P["jichikai-nishikiwa"], R.PROPOSER, "見守り世帯の把握と声かけ", d("2022-07-04")
        ),
        JoinParty(
            CASE, P["biz-ube-shinbun"], R.PARTNER, "配達時に気づいた異変の連絡", d("2022-07-11")
        ),
        JoinParty(
            CASE, P["shakyo-ube"], R.PARTNER, "緊急時の連絡体制と民生委員との連携", d("2022-07-11")
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["jichikai-nishikiwa"], R.PROPOSER),
                RoleAssignment(P["biz-ube-shinbun"], R.PARTNER),
                RoleAssignment(P["shakyo-ube"], R.PARTNER),
            ),
            d("2022-09-01"),
            F.BUSINESS_COOPERATION,
            d("2022-08-01"),
            d("2023-03-31"),
            "見守り協定（費用負担なし）",
        ),
        CarryOutActivity(CASE, "見守り協定の締結と配達員研修", d("2022-09-10"), 35, 12),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "協定による通報が3件、いずれも早期の対応につながった",
            d("2023-03-20"),
            (
                Outcome("見守り登録世帯", 64, 50, "世帯"),
                Outcome("早期対応につながった通報", 3, None, "件"),
            ),
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2023-03-31")),
        NominateSuccessCase(CASE, d("2023-05-15"), "事業者の日常業務を生かした見守り"),
        AddNote(
            CASE,
            "販売センターが社名の公表を控えたいとのことで、事例集への公開は見送り。"
            "会議では推薦事例として共有する",
            d("2023-06-01"),
        ),
    ),
)

KIFU = DemoCase(
    "shunan-kifu-gakushu",
    ReceiveConsultation(
        "寄附で支える子どもの学習支援教室",
        "学習支援教室の運営費が足りず、寄附を集める方法が分からない",
        "周南市",
        ("子どもの健全育成", "団体の運営支援"),
        (1, 4, 17),
        "shunan",
        P["npo-shunan-kifu"],
        d("2022-07-05"),
    ),
    (
        HoldHearing(
            CASE,
            "クラウドファンディングと企業のマッチング寄附を組み合わせたい",
            d("2022-07-12"),
            P["npo-shunan-kifu"],
        ),
        JoinParty(
            CASE,
            P["npo-shunan-kifu"],
            R.PROPOSER,
            "クラウドファンディングの企画と広報",
            d("2022-07-20"),
        ),
        JoinParty(
            CASE,
            P["biz-shunan-kagaku"],
            R.FUNDER,
            "集まった寄附と同額のマッチング寄附",
            d("2022-08-02"),
        ),
        JoinParty(CASE, P["npo-shunan-kosodate"], R.PARTNER, "学習支援教室の運営", d("2022-08-02")),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["npo-shunan-kifu"], R.PROPOSER),
                RoleAssignment(P["biz-shunan-kagaku"], R.FUNDER),
                RoleAssignment(P["npo-shunan-kosodate"], R.PARTNER),
            ),
            d("2022-09-01"),
            F.BUSINESS_COOPERATION,
            d("2022-08-20"),
            d("2023-01-31"),
            "マッチング寄附の上限60万円",
        ),
        CarryOutActivity(
            CASE,
            "クラウドファンディングの実施",
            d("2022-11-30"),
            213,
            7,
            "目標120万円に対し138万円",
        ),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "目標額を上回り、教室を週2回に増やせた",
            d("2023-01-20"),
            (Outcome("寄附額", 138, 120, "万円"), Outcome("寄附者数", 213, 150, "人")),
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2023-01-31")),
    ),
)

VOLUNTEER_NYUMON = DemoCase(
    "daigakusei-volunteer-nyumon",
    ReceiveConsultation(
        "大学生向けボランティア入門講座",
        "若い世代の参加が少なく、大学生がボランティアを始めるきっかけがない",
        "山口市",
        ("社会教育", "団体の運営支援"),
        (4, 17),
        "yamaguchi",
        P["sapo-rante"],
        d("2023-05-09"),
    ),
    (
        JoinParty(CASE, P["sapo-rante"], R.PROPOSER, "講座の企画と団体の紹介", d("2023-05-16")),
        JoinParty(
            CASE, P["school-yamadai"], R.PARTNER, "学生への周知と教室の提供", d("2023-05-23")
        ),
        JoinParty(
            CASE,
            P["shakyo-yamaguchi"],
            R.PARTNER,
            "福祉ボランティアの体験先の紹介",
            d("2023-05-23"),
        ),
        HoldRoundtable(
            CASE,
            "講座内容の検討",
            d("2023-06-06"),
            (P["sapo-rante"], P["school-yamadai"], P["shakyo-yamaguchi"]),
            7,
            "座学1回と体験1回の2回構成",
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["sapo-rante"], R.PROPOSER),
                RoleAssignment(P["school-yamadai"], R.PARTNER),
                RoleAssignment(P["shakyo-yamaguchi"], R.PARTNER),
            ),
            d("2023-07-01"),
            F.CO_HOSTING,
            d("2023-06-20"),
            d("2024-02-29"),
        ),
        CarryOutActivity(CASE, "ボランティア入門講座（座学）", d("2023-10-21"), 41, 5),
        CarryOutActivity(CASE, "ボランティア体験（子ども食堂・清掃活動）", d("2023-11-18"), 29, 8),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "受講生の半数が体験後も活動を続けている",
            d("2024-02-10"),
            (Outcome("受講者数", 41, 30, "人"), Outcome("体験後も継続している学生", 21, 15, "人")),
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2024-02-29")),
    ),
)

HAISHOKU = DemoCase(
    "kudamatsu-fureai-kyushoku",
    ReceiveConsultation(
        "ふれあい給食サービスの担い手づくり",
        "配食ボランティアの高齢化で、ふれあい給食を続けられなくなりそう",
        "下松市",
        ("保健・医療・福祉",),
        (2, 3, 11),
        "kudamatsu",
        P["npo-kudamatsu-haishoku"],
        d("2023-05-16"),
    ),
    (
        HoldHearing(
            CASE, "配達の担い手が8人から5人に減った", d("2023-05-23"), P["npo-kudamatsu-haishoku"]
        ),
        JoinParty(CASE, P["npo-kudamatsu-haishoku"], R.PROPOSER, "調理と配食", d("2023-06-01")),
        JoinParty(CASE, P["shakyo-kudamatsu"], R.PARTNER, "ボランティア募集", d("2023-06-05")),
        JoinParty(
            CASE, P["jichikai-hanaoka"], R.PARTNER, "配食先の見守りと配達の協力", d("2023-06-05")
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["npo-kudamatsu-haishoku"], R.PROPOSER),
                RoleAssignment(P["shakyo-kudamatsu"], R.PARTNER),
                RoleAssignment(P["jichikai-hanaoka"], R.PARTNER),
            ),
            d("2023-07-01"),
            F.BUSINESS_COOPERATION,
            d("2023-06-26"),
            d("2024-03-31"),
        ),
        CarryOutActivity(CASE, "ふれあい給食（新体制の初回）", d("2023-07-12"), 48, 11),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "配達ボランティアが14人に増え、毎月の配食を続けられた",
            d("2024-03-12"),
            (Outcome("配達ボランティア", 14, 10, "人"), Outcome("配食数（年間）", 560, 500, "食")),
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2024-03-27")),
    ),
)

AKI_TENPO = DemoCase(
    "iwakuni-akitenpo-ibasho",
    ReceiveConsultation(
        "駅前の空き店舗を活用した多世代の居場所",
        "駅前に気軽に立ち寄れる場所がなく、空き店舗が増えている",
        "岩国市",
        ("まちづくり", "経済活動の活性化"),
        (11,),
        "iwakuni",
        P["vg-iwakuni-ekimae"],
        d("2022-09-13"),
    ),
    (
        HoldHearing(
            CASE,
            "家主から空き店舗を安く借りられる見込みがある",
            d("2022-09-20"),
            P["vg-iwakuni-ekimae"],
        ),
        JoinParty(CASE, P["vg-iwakuni-ekimae"], R.PROPOSER, "居場所の運営", d("2022-10-03")),
        JoinParty(
            CASE, P["jichikai-marifu"], R.PARTNER, "住民への周知と運営の手伝い", d("2022-10-11")
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["vg-iwakuni-ekimae"], R.PROPOSER),
                RoleAssignment(P["jichikai-marifu"], R.PARTNER),
            ),
            d("2023-01-01"),
            F.BUSINESS_COOPERATION,
            d("2022-11-01"),
            d("2023-12-31"),
        ),
        CloseCase(
            CASE,
            ClosureResult.DISCONTINUED,
            d("2023-01-24"),
            "家主の事情で店舗が使えなくなり、代わりの場所も見つからなかった",
        ),
    ),
)

NINTEI_NPO = DemoCase(
    "sanyo-nintei-npo",
    ReceiveConsultation(
        "認定NPO法人への移行に向けた会計の整備",
        "認定NPO法人を目指しているが、会計を整える人がいない",
        "山陽小野田市",
        ("団体の運営支援", "環境の保全"),
        (15, 17),
        "sanyo_onoda",
        P["npo-sanyo-kirara"],
        d("2023-07-04"),
    ),
    (
        HoldHearing(
            CASE, "寄附者名簿と会計区分の整理が必要", d("2023-07-11"), P["npo-sanyo-kirara"]
        ),
        ProposePartners(
            CASE,
            (P["probono-kaikei"],),
            "プロボノワーカーバンクの会計経験者を紹介",
            d("2023-07-25"),
        ),
        JoinParty(CASE, P["npo-sanyo-kirara"], R.PROPOSER, "帳簿と資料の準備", d("2023-08-01")),
        JoinParty(
            CASE, P["probono-kaikei"], R.EXPERTISE, "会計区分の見直しと研修", d("2023-08-08")
        ),
        WithdrawParty(
            CASE, P["probono-kaikei"], "本業の繁忙期と重なり、継続が難しくなった", d("2023-10-02")
        ),
        CloseCase(
            CASE,
            ClosureResult.DISCONTINUED,
            d("2023-11-14"),
            "代わりのワーカーが見つからず、団体が移行時期を見直した",
        ),
    ),
)

MACHINAMI = DemoCase(
    "yanai-machinami-guide",
    ReceiveConsultation(
        "白壁の町並み案内ボランティアの募集",
        "観光客を案内するボランティアが不足している",
        "柳井市",
        ("観光", "まちづくり"),
        (8, 11),
        "yanai",
        P["npo-yanai-machinami"],
        d("2023-08-22"),
    ),
    (
        HoldHearing(
            CASE, "週末の案内役を5人ほど増やしたい", d("2023-08-29"), P["npo-yanai-machinami"]
        ),
        CloseCase(
            CASE,
            ClosureResult.WITHDRAWN,
            d("2023-09-26"),
            "会員の中で担い手が見つかったため、団体から相談を取り下げ",
        ),
    ),
)

MUROTSU = DemoCase(
    "kaminoseki-dento-gyoji",
    ReceiveConsultation(
        "伝統行事の担い手確保",
        "地区の伝統行事の担い手が高齢化し、若い人の参加が少ない",
        "上関町",
        ("学術・文化・芸術・スポーツ", "まちづくり"),
        (11,),
        "pref",
        P["vg-murotsu-matsuri"],
        d("2024-05-28"),
    ),
    (
        HoldHearing(
            CASE, "町外の大学生に手伝ってもらえないか", d("2024-06-04"), P["vg-murotsu-matsuri"]
        ),
        ProposePartners(
            CASE, (P["school-yamadai"],), "大学の地域連携の窓口を紹介", d("2024-06-25")
        ),
        CloseCase(
            CASE,
            ClosureResult.WITHDRAWN,
            d("2024-08-06"),
            "保存会の総会で今年度の開催見送りが決まり、相談を取り下げ",
        ),
    ),
)

KAIGAN_HIKARI = DemoCase(
    "hikari-kaigan-seiso",
    ReceiveConsultation(
        "高校生と取り組む海岸清掃と環境学習",
        "海岸の漂着ごみが多く、清掃の担い手も高齢化している",
        "光市",
        ("環境の保全", "子どもの健全育成"),
        (4, 14),
        "hikari",
        P["vg-hikari-volunteer"],
        d("2024-05-14"),
    ),
    (
        JoinParty(
            CASE, P["vg-hikari-volunteer"], R.PROPOSER, "清掃の段取りと用具", d("2024-05-28")
        ),
        JoinParty(
            CASE,
            P["school-hikari-hs"],
            R.PARTNER,
            "ボランティア部の参加と環境学習",
            d("2024-06-04"),
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["vg-hikari-volunteer"], R.PROPOSER),
                RoleAssignment(P["school-hikari-hs"], R.PARTNER),
            ),
            d("2024-07-01"),
            F.CO_HOSTING,
            d("2024-06-20"),
            d("2025-03-31"),
        ),
        CloseCase(
            CASE,
            ClosureResult.DISCONTINUED,
            d("2024-09-10"),
            "台風で海岸が立入禁止となり、今年度の実施を中止",
        ),
        ReopenCase(CASE, "海岸の復旧が終わり、高校から再開の要望が寄せられた", d("2025-04-21")),
        CarryOutActivity(
            CASE, "海岸清掃と環境学習会", d("2025-07-26"), 64, 12, "漂着ごみ約180kgを回収"
        ),
        AddNote(
            CASE, "秋にも実施したいとの声あり。日程は高校の行事予定を見て決める", d("2025-07-28")
        ),
    ),
)

CLOSED_CASES: tuple[DemoCase, ...] = (
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
