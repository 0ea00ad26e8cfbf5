"""The demo's parties: organisations of every kind found in the seeds, and pro bono workers
whose own names live only in their contact details."""

from __future__ import annotations

from api.demo.spec import PartySpec
from domain.vocabulary import PartyKind as K

NPO = K.NPO_CORPORATION
GROUP = K.VOLUNTARY_GROUP
JICHIKAI = K.NEIGHBOURHOOD_ASSOCIATION
COUNCIL = K.COMMUNITY_COUNCIL
BIZ = K.BUSINESS
CITY = K.MUNICIPALITY
SCHOOL = K.SCHOOL
HUB = K.INTERMEDIARY
SHAKYO = K.SOCIAL_WELFARE_COUNCIL
FOUNDATION = K.FOUNDATION
PROBONO = K.PRO_BONO_WORKER

WELFARE = "保健・医療・福祉"
CHILDREN = "子どもの健全育成"
TOWN = "まちづくり"
ECONOMY = "経済活動の活性化"
ENV = "環境の保全"
SUPPORT = "団体の運営支援"

PARTIES: tuple[PartySpec, ...] = (
    # 山口市
    PartySpec(
        "npo-hitorioya",
        NPO,
        "NPO法人 ひとり親ネットやまぐち",
        "山口市",
        (CHILDREN, "男女共同参画", WELFARE),
    ),
    PartySpec("shakyo-yamaguchi", SHAKYO, "山口市社会福祉協議会", "山口市", (WELFARE,)),
    PartySpec("city-yamaguchi", CITY, "山口市 地域生活部 協働推進課", "山口市", (TOWN,)),
    PartySpec("sapo-rante", HUB, "山口市市民活動支援センター さぽらんて", "山口市", (SUPPORT,)),
    PartySpec("biz-yamaguchi-foods", BIZ, "株式会社やまぐちフーズ", "山口市", (ECONOMY,)),
    PartySpec("shoko-yamaguchi", BIZ, "山口市商工連携協議会", "山口市", (ECONOMY,)),
    PartySpec("biz-ishin-print", BIZ, "維新印刷株式会社", "山口市", (ECONOMY,)),
    PartySpec("npo-shizen-asobi", NPO, "NPO法人 やまぐち自然あそびの会", "山口市", (CHILDREN, ENV)),
    PartySpec("council-sayama", COUNCIL, "佐山地域づくり協議会", "山口市", (TOWN, WELFARE)),
    PartySpec("biz-yuda-taxi", BIZ, "湯田観光タクシー有限会社", "山口市", (ECONOMY,)),
    PartySpec("council-ouchi", COUNCIL, "大内まちづくり協議会", "山口市", (TOWN, ECONOMY)),
    PartySpec("biz-ouchi-seiko", BIZ, "大内精工株式会社", "山口市", (ECONOMY,)),
    PartySpec("school-gakugei", SCHOOL, "山口学芸大学", "山口市", ("社会教育",)),
    PartySpec("school-yamadai", SCHOOL, "山口大学", "山口市", ("社会教育", "科学技術")),
    PartySpec("council-niho", COUNCIL, "仁保地域づくり協議会", "山口市", (TOWN, "国際協力")),
    PartySpec(
        "council-natajima",
        COUNCIL,
        "名田島地域づくり協議会",
        "山口市",
        (TOWN, "農山漁村・中山間地域"),
    ),
    PartySpec("jichikai-ogori", JICHIKAI, "小郡下郷第三自治会", "山口市", (TOWN,)),
    PartySpec("biz-digital-lab", BIZ, "株式会社やまぐちデジタルラボ", "山口市", ("情報化社会",)),
    # 県域
    PartySpec("pref-centre", HUB, "やまぐち県民活動支援センター", "山口市", (SUPPORT,)),
    PartySpec("kirameki", FOUNDATION, "公益財団法人山口きらめき財団", "山口市", (SUPPORT,)),
    PartySpec(
        "probono-web",
        PROBONO,
        "プロボノワーカー（Web制作・広報）",
        "周南市",
        ("情報化社会",),
        person="藤井 美咲",
        email="m.fujii@example.jp",
        registered="2023-05-10",
    ),
    PartySpec(
        "probono-kaikei",
        PROBONO,
        "プロボノワーカー（会計・経理）",
        "山陽小野田市",
        (SUPPORT,),
        consent=False,
        person="中村 健太",
        email="k.nakamura@example.jp",
        registered="2023-06-01",
    ),
    # 下関市
    PartySpec(
        "vg-fukufuku-shokudo", GROUP, "ふくふくこども食堂運営委員会", "下関市", (CHILDREN, WELFARE)
    ),
    PartySpec("biz-kanmon-mart", BIZ, "株式会社関門マート", "下関市", (ECONOMY,)),
    PartySpec("shakyo-shimonoseki", SHAKYO, "下関市社会福祉協議会", "下関市", (WELFARE,)),
    PartySpec("jichikai-hikoshima", JICHIKAI, "彦島江の浦町自治会", "下関市", (TOWN,)),
    PartySpec("npo-hibikinada", NPO, "NPO法人 響灘クリーンネット", "下関市", (ENV,)),
    PartySpec("biz-kanmon-logi", BIZ, "関門ロジスティクス株式会社", "下関市", (ECONOMY,)),
    # 宇部市
    PartySpec("jichikai-nishikiwa", JICHIKAI, "西岐波第五自治会", "宇部市", (TOWN, "地域安全")),
    PartySpec("biz-ube-shinbun", BIZ, "宇部新聞販売センター", "宇部市", (ECONOMY,), consent=False),
    PartySpec("shakyo-ube", SHAKYO, "宇部市社会福祉協議会", "宇部市", (WELFARE,)),
    PartySpec(
        "jichikai-tokiwa-bosai", JICHIKAI, "常盤校区自主防災会", "宇部市", ("災害救援", "地域安全")
    ),
    PartySpec("city-ube", CITY, "宇部市 防災危機管理課", "宇部市", ("災害救援",)),
    # 周南市
    PartySpec("npo-foodbank-shunan", NPO, "NPO法人 フードバンク周南", "周南市", (WELFARE, ENV)),
    PartySpec("biz-shunan-shokuhin", BIZ, "周南食品流通株式会社", "周南市", (ECONOMY,)),
    PartySpec("school-shunan-hs", SCHOOL, "周南みらい高等学校", "周南市", (CHILDREN,)),
    PartySpec("npo-shunan-kosodate", NPO, "NPO法人 しゅうなん子育てひろば", "周南市", (CHILDREN,)),
    PartySpec("biz-shunan-kagaku", BIZ, "周南化成株式会社", "周南市", (ECONOMY,)),
    PartySpec("npo-shunan-kifu", NPO, "NPO法人 周南まちづくりファンド", "周南市", (SUPPORT, TOWN)),
    # 萩市
    PartySpec(
        "npo-hagi-satoyama", NPO, "NPO法人 萩里山保全の会", "萩市", (ENV, "農山漁村・中山間地域")
    ),
    PartySpec("biz-hagi-kensetsu", BIZ, "萩建設工業株式会社", "萩市", (ECONOMY,)),
    PartySpec(
        "council-hagi-oi",
        COUNCIL,
        "大井地区まちづくり協議会",
        "萩市",
        (TOWN, "農山漁村・中山間地域"),
    ),
    # 防府市
    PartySpec("npo-hofu-kosodate", NPO, "NPO法人 ほうふ子育てサポート", "防府市", (CHILDREN,)),
    PartySpec("shakyo-hofu", SHAKYO, "防府市社会福祉協議会", "防府市", (WELFARE,)),
    PartySpec("biz-hofu-bank", BIZ, "防府信用金庫 地域支援部", "防府市", (ECONOMY,)),
    # 岩国市
    PartySpec("vg-iwakuni-shokudo", GROUP, "岩国みんなの食堂の会", "岩国市", (CHILDREN, WELFARE)),
    PartySpec("biz-kintai-bento", BIZ, "錦帯弁当株式会社", "岩国市", (ECONOMY,)),
    PartySpec("jichikai-marifu", JICHIKAI, "麻里布町三丁目自治会", "岩国市", (TOWN,)),
    PartySpec("vg-iwakuni-ekimae", GROUP, "岩国駅前にぎわい会", "岩国市", (TOWN, ECONOMY)),
    # 長門市
    PartySpec("council-misumi", COUNCIL, "三隅地区地域づくり協議会", "長門市", (TOWN, WELFARE)),
    PartySpec("biz-nagato-kotsu", BIZ, "長門交通有限会社", "長門市", (ECONOMY,)),
    PartySpec("city-nagato", CITY, "長門市 企画政策課", "長門市", (TOWN,)),
    # 光市・柳井市・下松市
    PartySpec("school-hikari-hs", SCHOOL, "光北高等学校 ボランティア部", "光市", (CHILDREN,)),
    PartySpec(
        "vg-hikari-volunteer", GROUP, "光市ボランティア連絡協議会", "光市", (WELFARE, "社会教育")
    ),
    PartySpec("npo-yanai-hogoken", NPO, "NPO法人 やない保護犬ネット", "柳井市", (ENV,)),
    PartySpec("biz-yanai-pet", BIZ, "柳井ペットケア株式会社", "柳井市", (ECONOMY,)),
    PartySpec("npo-yanai-machinami", NPO, "NPO法人 白壁の町並みを守る会", "柳井市", (TOWN, "観光")),
    PartySpec("jichikai-hanaoka", JICHIKAI, "花岡地区自治会連合会", "下松市", (TOWN,)),
    PartySpec("biz-kudamatsu-mobile", BIZ, "くだまつモバイル株式会社", "下松市", ("情報化社会",)),
    PartySpec(
        "npo-kudamatsu-haishoku", NPO, "NPO法人 くだまつ配食ボランティア", "下松市", (WELFARE,)
    ),
    PartySpec("shakyo-kudamatsu", SHAKYO, "下松市社会福祉協議会", "下松市", (WELFARE,)),
    # 美祢市・山陽小野田市・町部
    PartySpec(
        "vg-mine-akiya", GROUP, "美東の空き家を生かす会", "美祢市", (TOWN, "農山漁村・中山間地域")
    ),
    PartySpec(
        "vg-sanyo-saigai",
        GROUP,
        "山陽小野田災害ボランティアネットワーク",
        "山陽小野田市",
        ("災害救援",),
    ),
    PartySpec("npo-sanyo-kirara", NPO, "NPO法人 きららの杜", "山陽小野田市", (ENV, "社会教育")),
    PartySpec(
        "council-kuka",
        COUNCIL,
        "久賀地区地域づくり協議会",
        "周防大島町",
        (TOWN, "農山漁村・中山間地域"),
    ),
    PartySpec("vg-oshima-iju", GROUP, "周防大島ターンの会", "周防大島町", (TOWN,)),
    PartySpec(
        "council-fukuga",
        COUNCIL,
        "福賀地区地域づくり協議会",
        "阿武町",
        (TOWN, "農山漁村・中山間地域"),
    ),
    PartySpec("biz-abu-travel", BIZ, "株式会社あぶ旅行社", "阿武町", ("観光",)),
    PartySpec(
        "vg-murotsu-matsuri",
        GROUP,
        "室津の伝統行事保存会",
        "上関町",
        ("学術・文化・芸術・スポーツ",),
    ),
)
