"""The demo's parties: organisations of every kind found in the seeds, and pro bono workers
whose own names live only in their contact details."""

from __future__ import annotations

from functools import partial

from demo.notation import d
from domain.commands import RegisterParty
from domain.values import ContactDetails
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

registered = partial(RegisterParty, publication_consent=True, occurred_on=d("2022-04-01"))
"""Most parties consented to publication and were registered on 2022-04-01."""

PARTIES: dict[str, RegisterParty] = {
    "npo-hitorioya": registered(
        NPO, "NPO法人 ひとり親ネットやまぐち", "山口市", (CHILDREN, "男女共同参画", WELFARE)
    ),
    "shakyo-yamaguchi": registered(SHAKYO, "山口市社会福祉協議会", "山口市", (WELFARE,)),
    "city-yamaguchi": registered(CITY, "山口市 地域生活部 協働推進課", "山口市", (TOWN,)),
    "sapo-rante": registered(HUB, "山口市市民活動支援センター さぽらんて", "山口市", (SUPPORT,)),
    "biz-yamaguchi-foods": registered(BIZ, "株式会社やまぐちフーズ", "山口市", (ECONOMY,)),
    "shoko-yamaguchi": registered(BIZ, "山口市商工連携協議会", "山口市", (ECONOMY,)),
    "biz-ishin-print": registered(BIZ, "維新印刷株式会社", "山口市", (ECONOMY,)),
    "npo-shizen-asobi": registered(
        NPO, "NPO法人 やまぐち自然あそびの会", "山口市", (CHILDREN, ENV)
    ),
    "council-sayama": registered(COUNCIL, "佐山地域づくり協議会", "山口市", (TOWN, WELFARE)),
    "biz-yuda-taxi": registered(BIZ, "湯田観光タクシー有限会社", "山口市", (ECONOMY,)),
    "council-ouchi": registered(COUNCIL, "大内まちづくり協議会", "山口市", (TOWN, ECONOMY)),
    "biz-ouchi-seiko": registered(BIZ, "大内精工株式会社", "山口市", (ECONOMY,)),
    "school-gakugei": registered(SCHOOL, "山口学芸大学", "山口市", ("社会教育",)),
    "school-yamadai": registered(SCHOOL, "山口大学", "山口市", ("社会教育", "科学技術")),
    "council-niho": registered(COUNCIL, "仁保地域づくり協議会", "山口市", (TOWN, "国際協力")),
    "council-natajima": registered(
        COUNCIL, "名田島地域づくり協議会", "山口市", (TOWN, "農山漁村・中山間地域")
    ),
    "jichikai-ogori": registered(JICHIKAI, "小郡下郷第三自治会", "山口市", (TOWN,)),
    "biz-digital-lab": registered(BIZ, "株式会社やまぐちデジタルラボ", "山口市", ("情報化社会",)),
    "pref-centre": registered(HUB, "やまぐち県民活動支援センター", "山口市", (SUPPORT,)),
    "kirameki": registered(FOUNDATION, "公益財団法人山口きらめき財団", "山口市", (SUPPORT,)),
    "probono-web": registered(
        PROBONO,
        "プロボノワーカー（Web制作・広報）",
        "周南市",
        ("情報化社会",),
        contact=ContactDetails("藤井 美咲", "m.fujii@example.jp"),
        occurred_on=d("2023-05-10"),
    ),
    "probono-kaikei": registered(
        PROBONO,
        "プロボノワーカー（会計・経理）",
        "山陽小野田市",
        (SUPPORT,),
        contact=ContactDetails("中村 健太", "k.nakamura@example.jp"),
        publication_consent=False,
        occurred_on=d("2023-06-01"),
    ),
    "vg-fukufuku-shokudo": registered(
        GROUP, "ふくふくこども食堂運営委員会", "下関市", (CHILDREN, WELFARE)
    ),
    "biz-kanmon-mart": registered(BIZ, "株式会社関門マート", "下関市", (ECONOMY,)),
    "shakyo-shimonoseki": registered(SHAKYO, "下関市社会福祉協議会", "下関市", (WELFARE,)),
    "jichikai-hikoshima": registered(JICHIKAI, "彦島江の浦町自治会", "下関市", (TOWN,)),
    "npo-hibikinada": registered(NPO, "NPO法人 響灘クリーンネット", "下関市", (ENV,)),
    "biz-kanmon-logi": registered(BIZ, "関門ロジスティクス株式会社", "下関市", (ECONOMY,)),
    "jichikai-nishikiwa": registered(JICHIKAI, "西岐波第五自治会", "宇部市", (TOWN, "地域安全")),
    "biz-ube-shinbun": registered(
        BIZ, "宇部新聞販売センター", "宇部市", (ECONOMY,), publication_consent=False
    ),
    "shakyo-ube": registered(SHAKYO, "宇部市社会福祉協議会", "宇部市", (WELFARE,)),
    "jichikai-tokiwa-bosai": registered(
        JICHIKAI, "常盤校区自主防災会", "宇部市", ("災害救援", "地域安全")
    ),
    "city-ube": registered(CITY, "宇部市 防災危機管理課", "宇部市", ("災害救援",)),
    "npo-foodbank-shunan": registered(NPO, "NPO法人 フードバンク周南", "周南市", (WELFARE, ENV)),
    "biz-shunan-shokuhin": registered(BIZ, "周南食品流通株式会社", "周南市", (ECONOMY,)),
    "school-shunan-hs": registered(SCHOOL, "周南みらい高等学校", "周南市", (CHILDREN,)),
    "npo-shunan-kosodate": registered(NPO, "NPO法人 しゅうなん子育てひろば", "周南市", (CHILDREN,)),
    "biz-shunan-kagaku": registered(BIZ, "周南化成株式会社", "周南市", (ECONOMY,)),
    "npo-shunan-kifu": registered(NPO, "NPO法人 周南まちづくりファンド", "周南市", (SUPPORT, TOWN)),
    "npo-hagi-satoyama": registered(
        NPO, "NPO法人 萩里山保全の会", "萩市", (ENV, "農山漁村・中山間地域")
    ),
    "biz-hagi-kensetsu": registered(BIZ, "萩建設工業株式会社", "萩市", (ECONOMY,)),
    "council-hagi-oi": registered(
        COUNCIL, "大井地区まちづくり協議会", "萩市", (TOWN, "農山漁村・中山間地域")
    ),
    "npo-hofu-kosodate": registered(NPO, "NPO法人 ほうふ子育てサポート", "防府市", (CHILDREN,)),
    "shakyo-hofu": registered(SHAKYO, "防府市社会福祉協議会", "防府市", (WELFARE,)),
    "biz-hofu-bank": registered(BIZ, "防府信用金庫 地域支援部", "防府市", (ECONOMY,)),
    "vg-iwakuni-shokudo": registered(GROUP, "岩国みんなの食堂の会", "岩国市", (CHILDREN, WELFARE)),
    "biz-kintai-bento": registered(BIZ, "錦帯弁当株式会社", "岩国市", (ECONOMY,)),
    "jichikai-marifu": registered(JICHIKAI, "麻里布町三丁目自治会", "岩国市", (TOWN,)),
    "vg-iwakuni-ekimae": registered(GROUP, "岩国駅前にぎわい会", "岩国市", (TOWN, ECONOMY)),
    "council-misumi": registered(COUNCIL, "三隅地区地域づくり協議会", "長門市", (TOWN, WELFARE)),
    "biz-nagato-kotsu": registered(BIZ, "長門交通有限会社", "長門市", (ECONOMY,)),
    "city-nagato": registered(CITY, "長門市 企画政策課", "長門市", (TOWN,)),
    "school-hikari-hs": registered(SCHOOL, "光北高等学校 ボランティア部", "光市", (CHILDREN,)),
    "vg-hikari-volunteer": registered(
        GROUP, "光市ボランティア連絡協議会", "光市", (WELFARE, "社会教育")
    ),
    "npo-yanai-hogoken": registered(NPO, "NPO法人 やない保護犬ネット", "柳井市", (ENV,)),
    "biz-yanai-pet": registered(BIZ, "柳井ペットケア株式会社", "柳井市", (ECONOMY,)),
    "npo-yanai-machinami": registered(
        NPO, "NPO法人 白壁の町並みを守る会", "柳井市", (TOWN, "観光")
    ),
    "jichikai-hanaoka": registered(JICHIKAI, "花岡地区自治会連合会", "下松市", (TOWN,)),
    "biz-kudamatsu-mobile": registered(BIZ, "くだまつモバイル株式会社", "下松市", ("情報化社会",)),
    "npo-kudamatsu-haishoku": registered(
        NPO, "NPO法人 くだまつ配食ボランティア", "下松市", (WELFARE,)
    ),
    "shakyo-kudamatsu": registered(SHAKYO, "下松市社会福祉協議会", "下松市", (WELFARE,)),
    "vg-mine-akiya": registered(
        GROUP, "美東の空き家を生かす会", "美祢市", (TOWN, "農山漁村・中山間地域")
    ),
    "vg-sanyo-saigai": registered(
        GROUP, "山陽小野田災害ボランティアネットワーク", "山陽小野田市", ("災害救援",)
    ),
    "npo-sanyo-kirara": registered(NPO, "NPO法人 きららの杜", "山陽小野田市", (ENV, "社会教育")),
    "council-kuka": registered(
        COUNCIL, "久賀地区地域づくり協議会", "周防大島町", (TOWN, "農山漁村・中山間地域")
    ),
    "vg-oshima-iju": registered(GROUP, "周防大島ターンの会", "周防大島町", (TOWN,)),
    "council-fukuga": registered(
        COUNCIL, "福賀地区地域づくり協議会", "阿武町", (TOWN, "農山漁村・中山間地域")
    ),
    "biz-abu-travel": registered(BIZ, "株式会社あぶ旅行社", "阿武町", ("観光",)),
    "vg-murotsu-matsuri": registered(
        GROUP, "室津の伝統行事保存会", "上関町", ("学術・文化・芸術・スポーツ",)
    ),
}
