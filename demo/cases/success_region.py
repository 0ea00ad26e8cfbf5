"""Three published success cases beyond 山口市: プロボノコンシェルジュ matching (周南市),
子ども食堂 (下関市) and フードバンク (周南市)."""

from __future__ import annotations

from api.demo.spec import (
    Activity,
    Agree,
    CaseSpec,
    Close,
    Hearing,
    Join,
    Nominate,
    Propose,
    Publish,
    Review,
    Roundtable,
)
from domain.values import Outcome
from domain.vocabulary import CollaborationForm as F
from domain.vocabulary import PartyRole as R

PROBONO_WEB = CaseSpec(
    key="probono-kosodate-web",
    centre="pref",
    municipality="周南市",
    title="プロボノによる子育て支援NPOのホームページ刷新",
    issue="ホームページが古くイベント告知が届かないが、専門家に頼む予算がない",
    fields=("子どもの健全育成", "情報化社会", "団体の運営支援"),
    sdgs=(4, 9, 17),
    opened="2023-06-12",
    initiator="npo-shunan-kosodate",
    steps=(
        Hearing(
            "2023-06-19",
            "更新できる人が一人しかおらず、スマートフォンで読みにくい",
            "npo-shunan-kosodate",
        ),
        Propose(
            "2023-06-26",
            ("probono-web", "pref-centre"),
            "プロボノワーカーバンクのWeb制作経験者を、プロボノコンシェルジュが紹介する",
        ),
        Join("2023-07-03", "npo-shunan-kosodate", R.PROPOSER, "掲載内容の整理と写真の提供"),
        Join("2023-07-03", "pref-centre", R.PARTNER, "プロボノコンシェルジュによる伴走支援"),
        Join("2023-07-10", "probono-web", R.EXPERTISE, "サイトの設計・制作、更新方法の研修"),
        Roundtable(
            "2023-07-14",
            "キックオフ（目標と範囲の確認）",
            ("npo-shunan-kosodate", "pref-centre", "probono-web"),
            6,
            "作るページを5つに絞る",
            "8月中に原稿をそろえる",
        ),
        Agree(
            "2023-07-20",
            F.BUSINESS_COOPERATION,
            "2023-08-01",
            "2023-12-31",
            "プロボノ（無償）、サーバー費は団体負担",
        ),
        Activity(
            "2023-10-28",
            "新しいホームページの公開",
            0,
            1,
            "スマートフォン対応、イベント申込フォーム",
        ),
        Activity("2023-12-09", "更新担当者向け研修", 5, 1),
        Review(
            "2024-01-25",
            "閲覧数とオンライン申込が大きく伸びた",
            (Outcome("月間閲覧数", 1850, 1000, "件"), Outcome("オンライン申込", 64, 40, "件")),
            "最初に「やらないこと」を決めた。団体側に更新担当を2人置いた",
        ),
        Close("2024-02-20"),
        Nominate("2024-03-05", "プロボノワーカーバンクの最初の成功例"),
        Publish(
            "2024-04-18",
            "プロボノで生まれ変わった子育てひろばのホームページ",
            "プロボノコンシェルジュの紹介でWeb制作の専門家がプロボノとして参加し、"
            "子育て支援NPOのホームページを刷新した。",
            "県民活動支援センターへの「告知が届かない」という相談から始まった。",
            "月間閲覧数1,850件、オンライン申込64件、更新担当者2人を育成。",
            "範囲を絞り、団体が自分で更新し続けられることを目標にした。",
            ("npo-shunan-kosodate", "pref-centre", "probono-web"),
        ),
    ),
)

KODOMO_SHOKUDO = CaseSpec(
    key="fukufuku-kodomo-shokudo",
    centre="shimonoseki",
    municipality="下関市",
    title="ふくふくこども食堂の週1回開催",
    issue="子ども食堂を月1回から週1回に増やしたいが、食材と担い手が足りない",
    fields=("子どもの健全育成", "保健・医療・福祉"),
    sdgs=(1, 2, 3, 4, 17),
    opened="2023-04-18",
    initiator="vg-fukufuku-shokudo",
    steps=(
        Hearing(
            "2023-04-25",
            "利用したい家庭が増えている。調理ボランティアは5人だけ",
            "vg-fukufuku-shokudo",
        ),
        Propose(
            "2023-05-08",
            ("biz-kanmon-mart", "shakyo-shimonoseki", "jichikai-hikoshima"),
            "食材は地元スーパー、担い手は社会福祉協議会、会場は自治会館で分担する",
        ),
        Join("2023-05-15", "vg-fukufuku-shokudo", R.PROPOSER, "調理と運営"),
        Join("2023-05-22", "biz-kanmon-mart", R.VENUE_OR_GOODS, "規格外野菜など食材の定期提供"),
        Join("2023-05-22", "shakyo-shimonoseki", R.PARTNER, "ボランティア募集と衛生講習"),
        Join("2023-05-29", "jichikai-hikoshima", R.VENUE_OR_GOODS, "自治会館の提供と見守り"),
        Roundtable(
            "2023-06-03",
            "週1回開催に向けた役割分担",
            ("vg-fukufuku-shokudo", "biz-kanmon-mart", "shakyo-shimonoseki", "jichikai-hikoshima"),
            14,
            "毎週水曜日の夕方に開く",
            "衛生講習を6月中に",
        ),
        Agree(
            "2023-06-20",
            F.BUSINESS_COOPERATION,
            "2023-07-01",
            "2024-03-31",
            "食材は企業の提供、会場費は自治会が免除",
        ),
        Activity("2023-07-05", "週1回開催の初回", 32, 9),
        Activity("2023-12-23", "クリスマス会", 58, 15),
        Review(
            "2024-03-15",
            "週1回の開催を1年間続けられた",
            (
                Outcome("延べ利用者数", 1320, 1000, "人"),
                Outcome("ボランティア登録者", 27, 20, "人"),
            ),
            "食材の量を毎週LINEで調整し、廃棄を出さなかった",
        ),
        Close("2024-03-29"),
        Nominate("2024-04-12", "地域ぐるみの子ども食堂"),
        Publish(
            "2024-05-30",
            "スーパー・社協・自治会が支える 週1回のこども食堂",
            "任意団体のこども食堂を、地元スーパーの食材、社会福祉協議会のボランティア、"
            "自治会館の提供で週1回開催にした。",
            "こども食堂の代表から、回数を増やしたいと市民活動センターに相談があった。",
            "延べ1,320人が利用し、ボランティア登録者は27人に。",
            "役割を一つずつ分け、各主体の負担を小さくした。",
            ("vg-fukufuku-shokudo", "biz-kanmon-mart", "shakyo-shimonoseki", "jichikai-hikoshima"),
        ),
    ),
)

FOOD_BANK = CaseSpec(
    key="foodbank-shunan",
    centre="shunan",
    municipality="周南市",
    title="フードバンク周南の仕分け・配送体制づくり",
    issue="企業からの寄贈食品が増え、仕分けと配送の人手と保管場所が足りない",
    fields=("保健・医療・福祉", "環境の保全"),
    sdgs=(1, 2, 12, 17),
    opened="2023-09-05",
    initiator="npo-foodbank-shunan",
    steps=(
        Hearing("2023-09-12", "冷蔵品を受け取れず、寄贈を断ることがある", "npo-foodbank-shunan"),
        Propose(
            "2023-09-26",
            ("biz-shunan-shokuhin", "school-shunan-hs", "kirameki"),
            "食品流通企業の倉庫、高校生ボランティア、財団の助成を組み合わせる",
        ),
        Join("2023-10-02", "npo-foodbank-shunan", R.PROPOSER, "寄贈の受付と配布先との調整"),
        Join("2023-10-05", "biz-shunan-shokuhin", R.VENUE_OR_GOODS, "倉庫の一角と配送車の提供"),
        Join("2023-10-05", "school-shunan-hs", R.PARTNER, "生徒による仕分けボランティア"),
        Join("2023-10-10", "kirameki", R.FUNDER, "業務用冷蔵庫の購入費を助成"),
        Roundtable(
            "2023-10-12",
            "仕分け・配送の分担",
            ("npo-foodbank-shunan", "biz-shunan-shokuhin", "school-shunan-hs"),
            11,
            "毎月第3土曜日に仕分け会を開く",
        ),
        Agree(
            "2023-10-30",
            F.BUSINESS_COOPERATION,
            "2023-11-01",
            "2024-10-31",
            "財団助成50万円、倉庫と配送車は企業が無償提供",
        ),
        Activity("2023-12-16", "年末フードドライブと仕分け会", 120, 34),
        Activity("2024-08-03", "夏休みの食品配布", 210, 28),
        Review(
            "2024-10-25",
            "取扱量と高校生の参加が目標を上回った",
            (
                Outcome("取扱食品量", 8200, 6000, "kg"),
                Outcome("高校生ボランティア（延べ）", 96, 60, "人"),
                Outcome("企業からの寄贈（食品ロス削減）", 5400, 4000, "kg"),
            ),
            "仕分け会を定例化して、高校の部活動の予定に組み込んでもらった",
        ),
        Close("2024-11-15"),
        Nominate("2024-11-28", "食品ロス削減と生活支援を両立した事例"),
        Publish(
            "2025-01-20",
            "企業の倉庫と高校生が支えるフードバンク",
            "フードバンクのNPOに、食品流通企業が倉庫と配送車を、高校が仕分けボランティアを、"
            "財団が冷蔵庫の助成を提供した。",
            "寄贈を断らざるを得ないというNPOの相談を、周南市の支援センターが受けた。",
            "取扱食品量8,200kg、高校生ボランティア延べ96人。",
            "定例の仕分け会を高校の年間予定に入れてもらい、担い手を安定させた。",
            ("npo-foodbank-shunan", "biz-shunan-shokuhin", "school-shunan-hs", "kirameki"),
        ),
    ),
)

REGIONAL_SUCCESSES: tuple[CaseSpec, ...] = (PROBONO_WEB, KODOMO_SHOKUDO, FOOD_BANK)
