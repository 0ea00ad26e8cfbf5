"""Recent cases (fiscal year 2026) before any activity: intake, coordinating and agreed,
including replications (横展開) of published success cases."""

from __future__ import annotations

from demo.notation import CASE, C, DemoCase, P, d
from domain.commands import (
    AddNote,
    HoldHearing,
    HoldRoundtable,
    JoinParty,
    ProposePartners,
    ReachAgreement,
    ReceiveConsultation,
)
from domain.values import RoleAssignment
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R

INTAKE: tuple[DemoCase, ...] = (
    DemoCase(
        "mine-akiya-ibasho",
        ReceiveConsultation(
            "空き家を活用した地域の居場所づくり",
            "空き家が増える一方、高齢者が集まれる場所が地区にない",
            "美祢市",
            ("まちづくり", "農山漁村・中山間地域"),
            (11,),
            "pref",
            P["vg-mine-akiya"],
            d("2026-10-06"),
        ),
        (
            HoldHearing(
                CASE,
                "候補の空き家は2軒。改修費と運営の担い手が課題",
                d("2026-10-20"),
                P["vg-mine-akiya"],
            ),
        ),
    ),
    DemoCase(
        "sanyo-saigai-vc-kunren",
        ReceiveConsultation(
            "災害ボランティアセンター運営訓練",
            "大雨の際にボランティアを受け入れる手順が地域で共有されていない",
            "山陽小野田市",
            ("災害救援", "地域安全"),
            (11, 13, 17),
            "sanyo_onoda",
            P["vg-sanyo-saigai"],
            d("2026-11-10"),
        ),
        (AddNote(CASE, "次回、社会福祉協議会を交えてヒアリングの予定", d("2026-11-12")),),
    ),
    DemoCase(
        "shunan-sasaebito",
        ReceiveConsultation(
            "周南版「支え人。」企業×NPOの交流会",
            "コンビナート企業の社会貢献と市民活動団体を結ぶ場をつくりたい",
            "周南市",
            ("経済活動の活性化", "団体の運営支援"),
            (8, 17),
            "shunan",
            P["npo-shunan-kifu"],
            d("2026-11-04"),
            replicates=C["sasaebito"],
        ),
        (
            HoldHearing(
                CASE,
                "山口市の「支え人。」の進め方を参考にしたい",
                d("2026-11-16"),
                P["npo-shunan-kifu"],
            ),
        ),
    ),
)

COORDINATING: tuple[DemoCase, ...] = (
    DemoCase(
        "hikari-volunteer-challenge",
        ReceiveConsultation(
            "高校生のボランティア・チャレンジ",
            "高校生が地域のボランティアを体験する機会が少ない",
            "光市",
            ("社会教育", "子どもの健全育成"),
            (4, 17),
            "hikari",
            P["school-hikari-hs"],
            d("2026-08-18"),
        ),
        (
            HoldHearing(
                CASE, "夏休みと冬休みに体験先を用意したい", d("2026-08-25"), P["school-hikari-hs"]
            ),
            ProposePartners(
                CASE,
                (P["vg-hikari-volunteer"],),
                "ボランティア連絡協議会の加盟団体を体験先として紹介",
                d("2026-09-08"),
            ),
        ),
    ),
    DemoCase(
        "hofu-sapo-cafe",
        ReceiveConsultation(
            "防府版さぽカフェ「ひとり親家庭の支援」",
            "ひとり親家庭を支える団体どうしのつながりがない",
            "防府市",
            ("子どもの健全育成", "保健・医療・福祉"),
            (1, 10, 17),
            "hofu",
            P["npo-hofu-kosodate"],
            d("2026-06-09"),
            replicates=C["sapo-cafe-hitorioya"],
        ),
        (
            ProposePartners(
                CASE,
                (P["shakyo-hofu"], P["biz-hofu-bank"]),
                "山口市のさぽカフェにならい、福祉・金融機関と円卓会議を開く",
                d("2026-06-23"),
            ),
            JoinParty(
                CASE, P["npo-hofu-kosodate"], R.PROPOSER, "当事者の声の集約", d("2026-07-01")
            ),
            JoinParty(CASE, P["shakyo-hofu"], R.PARTNER, "支援制度の情報提供", d("2026-07-14")),
            HoldRoundtable(
                CASE,
                "さぽカフェ準備会",
                d("2026-09-12"),
                (P["npo-hofu-kosodate"], P["shakyo-hofu"]),
                9,
                "12月に第1回を開く",
                "金融機関に参加を打診する",
            ),
        ),
    ),
    DemoCase(
        "yanai-hogoken-joto",
        ReceiveConsultation(
            "保護犬・保護猫の譲渡会と一時預かり",
            "保護した犬猫の譲渡先が見つからず、預かりボランティアも足りない",
            "柳井市",
            ("環境の保全",),
            (15, 17),
            "yanai",
            P["npo-yanai-hogoken"],
            d("2026-09-01"),
        ),
        (
            JoinParty(CASE, P["npo-yanai-hogoken"], R.PROPOSER, "譲渡会の運営", d("2026-09-15")),
            JoinParty(
                CASE,
                P["biz-yanai-pet"],
                R.VENUE_OR_GOODS,
                "店舗駐車場と物品の提供",
                d("2026-09-29"),
            ),
        ),
    ),
    DemoCase(
        "oshima-iju-koryu",
        ReceiveConsultation(
            "移住者と地域をつなぐ交流会",
            "移住者が増えたが、地区の行事や自治会との接点が少ない",
            "周防大島町",
            ("まちづくり", "農山漁村・中山間地域"),
            (11, 17),
            "pref",
            P["vg-oshima-iju"],
            d("2026-07-07"),
        ),
        (
            JoinParty(CASE, P["vg-oshima-iju"], R.PROPOSER, "移住者への呼びかけ", d("2026-07-21")),
            JoinParty(CASE, P["council-kuka"], R.PARTNER, "地区行事への受け入れ", d("2026-08-04")),
        ),
    ),
)

AGREED: tuple[DemoCase, ...] = (
    DemoCase(
        "kudamatsu-smartphone",
        ReceiveConsultation(
            "高齢者向けスマートフォン講座",
            "行政手続きや買物のデジタル化に高齢者が取り残されている",
            "下松市",
            ("情報化社会", "保健・医療・福祉"),
            (4, 9, 10),
            "kudamatsu",
            P["jichikai-hanaoka"],
            d("2026-05-12"),
        ),
        (
            JoinParty(
                CASE, P["jichikai-hanaoka"], R.PROPOSER, "受講者の募集と会場", d("2026-05-26")
            ),
            JoinParty(
                CASE,
                P["biz-kudamatsu-mobile"],
                R.EXPERTISE,
                "講師の派遣と貸出端末",
                d("2026-06-02"),
            ),
            JoinParty(
                CASE, P["shakyo-kudamatsu"], R.PARTNER, "サロン参加者への案内", d("2026-06-02")
            ),
            HoldRoundtable(
                CASE,
                "講座の内容と回数",
                d("2026-06-16"),
                (P["jichikai-hanaoka"], P["biz-kudamatsu-mobile"], P["shakyo-kudamatsu"]),
                8,
                "全4回、少人数で開く",
            ),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["jichikai-hanaoka"], R.PROPOSER),
                    RoleAssignment(P["biz-kudamatsu-mobile"], R.EXPERTISE),
                    RoleAssignment(P["shakyo-kudamatsu"], R.PARTNER),
                ),
                d("2026-12-01"),
                F.BUSINESS_COOPERATION,
                d("2026-07-01"),
                d("2027-03-31"),
                "県のデジタルデバイド対策事業を活用",
            ),
        ),
    ),
    DemoCase(
        "ogori-denshi-kairanban",
        ReceiveConsultation(
            "自治会の電子回覧板の導入",
            "回覧板を回す役員の負担が大きく、担い手が見つからない",
            "山口市",
            ("情報化社会", "まちづくり"),
            (9, 11),
            "yamaguchi",
            P["jichikai-ogori"],
            d("2026-04-21"),
        ),
        (
            JoinParty(
                CASE, P["jichikai-ogori"], R.PROPOSER, "役員会での検討と住民説明", d("2026-05-12")
            ),
            JoinParty(
                CASE, P["biz-digital-lab"], R.EXPERTISE, "アプリの設定と使い方講習", d("2026-05-19")
            ),
            JoinParty(
                CASE,
                P["city-yamaguchi"],
                R.PUBLIC_SUPPORT,
                "自治会デジタル化の補助",
                d("2026-05-19"),
            ),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["jichikai-ogori"], R.PROPOSER),
                    RoleAssignment(P["biz-digital-lab"], R.EXPERTISE),
                    RoleAssignment(P["city-yamaguchi"], R.PUBLIC_SUPPORT),
                ),
                d("2026-10-01"),
                F.SUBSIDY,
                d("2026-06-30"),
                d("2027-03-31"),
                "市の導入補助",
            ),
        ),
    ),
    DemoCase(
        "fukuga-kankei-jinko",
        ReceiveConsultation(
            "関係人口を受け入れる体験ツアー",
            "地区の担い手が減り、外から関わる人を増やしたい",
            "阿武町",
            ("まちづくり", "観光", "農山漁村・中山間地域"),
            (8, 11),
            "pref",
            P["council-fukuga"],
            d("2026-06-02"),
        ),
        (
            JoinParty(
                CASE,
                P["council-fukuga"],
                R.PROPOSER,
                "受け入れ農家と体験内容の調整",
                d("2026-06-16"),
            ),
            JoinParty(CASE, P["biz-abu-travel"], R.PARTNER, "ツアーの企画と募集", d("2026-06-23")),
            ReachAgreement(
                CASE,
                (
                    RoleAssignment(P["council-fukuga"], R.PROPOSER),
                    RoleAssignment(P["biz-abu-travel"], R.PARTNER),
                ),
                d("2026-10-01"),
                F.JOINT_PLANNING,
                d("2026-08-18"),
                d("2027-02-28"),
            ),
        ),
    ),
)

OPENING_CASES: tuple[DemoCase, ...] = INTAKE + COORDINATING + AGREED
