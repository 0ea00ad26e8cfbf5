"""Recent cases (fiscal year 2026) before any activity: intake, coordinating and agreed,
including replications (横展開) of published success cases."""

from __future__ import annotations

from api.demo.spec import (
    Agree,
    CaseSpec,
    Hearing,
    Join,
    Note,
    Propose,
    Roundtable,
)
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R

INTAKE: tuple[CaseSpec, ...] = (
    CaseSpec(
        "mine-akiya-ibasho",
        "pref",
        "美祢市",
        "空き家を活用した地域の居場所づくり",
        "空き家が増える一方、高齢者が集まれる場所が地区にない",
        ("まちづくり", "農山漁村・中山間地域"),
        (11,),
        "2026-10-06",
        "vg-mine-akiya",
        (Hearing("2026-10-20", "候補の空き家は2軒。改修費と運営の担い手が課題", "vg-mine-akiya"),),
    ),
    CaseSpec(
        "sanyo-saigai-vc-kunren",
        "sanyo_onoda",
        "山陽小野田市",
        "災害ボランティアセンター運営訓練",
        "大雨の際にボランティアを受け入れる手順が地域で共有されていない",
        ("災害救援", "地域安全"),
        (11, 13, 17),
        "2026-11-10",
        "vg-sanyo-saigai",
        (Note("2026-11-12", "次回、社会福祉協議会を交えてヒアリングの予定"),),
    ),
    CaseSpec(
        "shunan-sasaebito",
        "shunan",
        "周南市",
        "周南版「支え人。」企業×NPOの交流会",
        "コンビナート企業の社会貢献と市民活動団体を結ぶ場をつくりたい",
        ("経済活動の活性化", "団体の運営支援"),
        (8, 17),
        "2026-11-04",
        "npo-shunan-kifu",
        (Hearing("2026-11-16", "山口市の「支え人。」の進め方を参考にしたい", "npo-shunan-kifu"),),
        replicates="sasaebito",
    ),
)

COORDINATING: tuple[CaseSpec, ...] = (
    CaseSpec(
        "hikari-volunteer-challenge",
        "hikari",
        "光市",
        "高校生のボランティア・チャレンジ",
        "高校生が地域のボランティアを体験する機会が少ない",
        ("社会教育", "子どもの健全育成"),
        (4, 17),
        "2026-08-18",
        "school-hikari-hs",
        (
            Hearing("2026-08-25", "夏休みと冬休みに体験先を用意したい", "school-hikari-hs"),
            Propose(
                "2026-09-08",
                ("vg-hikari-volunteer",),
                "ボランティア連絡協議会の加盟団体を体験先として紹介",
            ),
        ),
    ),
    CaseSpec(
        "hofu-sapo-cafe",
        "hofu",
        "防府市",
        "防府版さぽカフェ「ひとり親家庭の支援」",
        "ひとり親家庭を支える団体どうしのつながりがない",
        ("子どもの健全育成", "保健・医療・福祉"),
        (1, 10, 17),
        "2026-06-09",
        "npo-hofu-kosodate",
        (
            Propose(
                "2026-06-23",
                ("shakyo-hofu", "biz-hofu-bank"),
                "山口市のさぽカフェにならい、福祉・金融機関と円卓会議を開く",
            ),
            Join("2026-07-01", "npo-hofu-kosodate", R.PROPOSER, "当事者の声の集約"),
            Join("2026-07-14", "shakyo-hofu", R.PARTNER, "支援制度の情報提供"),
            Roundtable(
                "2026-09-12",
                "さぽカフェ準備会",
                ("npo-hofu-kosodate", "shakyo-hofu"),
                9,
                "12月に第1回を開く",
                "金融機関に参加を打診する",
            ),
        ),
        replicates="sapo-cafe-hitorioya",
    ),
    CaseSpec(
        "yanai-hogoken-joto",
        "yanai",
        "柳井市",
        "保護犬・保護猫の譲渡会と一時預かり",
        "保護した犬猫の譲渡先が見つからず、預かりボランティアも足りない",
        ("環境の保全",),
        (15, 17),
        "2026-09-01",
        "npo-yanai-hogoken",
        (
            Join("2026-09-15", "npo-yanai-hogoken", R.PROPOSER, "譲渡会の運営"),
            Join("2026-09-29", "biz-yanai-pet", R.VENUE_OR_GOODS, "店舗駐車場と物品の提供"),
        ),
    ),
    CaseSpec(
        "oshima-iju-koryu",
        "pref",
        "周防大島町",
        "移住者と地域をつなぐ交流会",
        "移住者が増えたが、地区の行事や自治会との接点が少ない",
        ("まちづくり", "農山漁村・中山間地域"),
        (11, 17),
        "2026-07-07",
        "vg-oshima-iju",
        (
            Join("2026-07-21", "vg-oshima-iju", R.PROPOSER, "移住者への呼びかけ"),
            Join("2026-08-04", "council-kuka", R.PARTNER, "地区行事への受け入れ"),
        ),
    ),
)

AGREED: tuple[CaseSpec, ...] = (
    CaseSpec(
        "kudamatsu-smartphone",
        "kudamatsu",
        "下松市",
        "高齢者向けスマートフォン講座",
        "行政手続きや買物のデジタル化に高齢者が取り残されている",
        ("情報化社会", "保健・医療・福祉"),
        (4, 9, 10),
        "2026-05-12",
        "jichikai-hanaoka",
        (
            Join("2026-05-26", "jichikai-hanaoka", R.PROPOSER, "受講者の募集と会場"),
            Join("2026-06-02", "biz-kudamatsu-mobile", R.EXPERTISE, "講師の派遣と貸出端末"),
            Join("2026-06-02", "shakyo-kudamatsu", R.PARTNER, "サロン参加者への案内"),
            Roundtable(
                "2026-06-16",
                "講座の内容と回数",
                ("jichikai-hanaoka", "biz-kudamatsu-mobile", "shakyo-kudamatsu"),
                8,
                "全4回、少人数で開く",
            ),
            Agree(
                "2026-07-01",
                F.BUSINESS_COOPERATION,
                "2026-12-01",
                "2027-03-31",
                "県のデジタルデバイド対策事業を活用",
            ),
        ),
    ),
    CaseSpec(
        "ogori-denshi-kairanban",
        "yamaguchi",
        "山口市",
        "自治会の電子回覧板の導入",
        "回覧板を回す役員の負担が大きく、担い手が見つからない",
        ("情報化社会", "まちづくり"),
        (9, 11),
        "2026-04-21",
        "jichikai-ogori",
        (
            Join("2026-05-12", "jichikai-ogori", R.PROPOSER, "役員会での検討と住民説明"),
            Join("2026-05-19", "biz-digital-lab", R.EXPERTISE, "アプリの設定と使い方講習"),
            Join("2026-05-19", "city-yamaguchi", R.PUBLIC_SUPPORT, "自治会デジタル化の補助"),
            Agree("2026-06-30", F.SUBSIDY, "2026-10-01", "2027-03-31", "市の導入補助"),
        ),
    ),
    CaseSpec(
        "fukuga-kankei-jinko",
        "pref",
        "阿武町",
        "関係人口を受け入れる体験ツアー",
        "地区の担い手が減り、外から関わる人を増やしたい",
        ("まちづくり", "観光", "農山漁村・中山間地域"),
        (8, 11),
        "2026-06-02",
        "council-fukuga",
        (
            Join("2026-06-16", "council-fukuga", R.PROPOSER, "受け入れ農家と体験内容の調整"),
            Join("2026-06-23", "biz-abu-travel", R.PARTNER, "ツアーの企画と募集"),
            Agree("2026-08-18", F.JOINT_PLANNING, "2026-10-01", "2027-02-28"),
        ),
    ),
)

OPENING_CASES: tuple[CaseSpec, ...] = INTAKE + COORDINATING + AGREED
