"""Three published success cases beyond 山口市: プロボノコンシェルジュ matching (周南市),
子ども食堂 (下関市) and フードバンク (周南市)."""

from __future__ import annotations

from demo.notation import CASE, DemoCase, P, d
from domain.commands import (
    CarryOutActivity,
    CloseCase,
    ConductReview,
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

PROBONO_WEB = DemoCase(
    "probono-kosodate-web",
    ReceiveConsultation(
        "プロボノによる子育て支援NPOのホームページ刷新",
        "ホームページが古くイベント告知が届かないが、専門家に頼む予算がない",
        "周南市",
        ("子どもの健全育成", "情報化社会", "団体の運営支援"),
        (4, 9, 17),
        "pref",
        P["npo-shunan-kosodate"],
        d("2023-06-12"),
    ),
    (
        HoldHearing(
            CASE,
            "更新できる人が一人しかおらず、スマートフォンで読みにくい",
            d("2023-06-19"),
            P["npo-shunan-kosodate"],
        ),
        ProposePartners(
            CASE,
            (P["probono-web"], P["pref-centre"]),
            "プロボノワーカーバンクのWeb制作経験者を、プロボノコンシェルジュが紹介する",
            d("2023-06-26"),
        ),
        JoinParty(
            CASE,
            P["npo-shunan-kosodate"],
            R.PROPOSER,
            "掲載内容の整理と写真の提供",
            d("2023-07-03"),
        ),
        JoinParty(
            CASE,
            P["pref-centre"],
            R.PARTNER,
            "プロボノコンシェルジュによる伴走支援",
            d("2023-07-03"),
        ),
        JoinParty(
            CASE,
            P["probono-web"],
            R.EXPERTISE,
            "サイトの設計・制作、更新方法の研修",
            d("2023-07-10"),
        ),
        HoldRoundtable(
            CASE,
            "キックオフ（目標と範囲の確認）",
            d("2023-07-14"),
            (P["npo-shunan-kosodate"], P["pref-centre"], P["probono-web"]),
            6,
            "作るページを5つに絞る",
            "8月中に原稿をそろえる",
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["npo-shunan-kosodate"], R.PROPOSER),
                RoleAssignment(P["pref-centre"], R.PARTNER),
                RoleAssignment(P["probono-web"], R.EXPERTISE),
            ),
            d("2023-08-01"),
            F.BUSINESS_COOPERATION,
            d("2023-07-20"),
            d("2023-12-31"),
            "プロボノ（無償）、サーバー費は団体負担",
        ),
        CarryOutActivity(
            CASE,
            "新しいホームページの公開",
            d("2023-10-28"),
            0,
            1,
            "スマートフォン対応、イベント申込フォーム",
        ),
        CarryOutActivity(CASE, "更新担当者向け研修", d("2023-12-09"), 5, 1),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "閲覧数とオンライン申込が大きく伸びた",
            d("2024-01-25"),
            (Outcome("月間閲覧数", 1850, 1000, "件"), Outcome("オンライン申込", 64, 40, "件")),
            "最初に「やらないこと」を決めた。団体側に更新担当を2人置いた",
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2024-02-20")),
        NominateSuccessCase(CASE, d("2024-03-05"), "プロボノワーカーバンクの最初の成功例"),
        PublishSuccessCase(
            CASE,
            SuccessStory(
                "プロボノで生まれ変わった子育てひろばのホームページ",
                "プロボノコンシェルジュの紹介でWeb制作の専門家がプロボノとして参加し、"
                "子育て支援NPOのホームページを刷新した。",
                "県民活動支援センターへの「告知が届かない」という相談から始まった。",
                "月間閲覧数1,850件、オンライン申込64件、更新担当者2人を育成。",
                "範囲を絞り、団体が自分で更新し続けられることを目標にした。",
                (P["npo-shunan-kosodate"], P["pref-centre"], P["probono-web"]),
            ),
            d("2024-04-18"),
        ),
    ),
)

KODOMO_SHOKUDO = DemoCase(
    "fukufuku-kodomo-shokudo",
    ReceiveConsultation(
        "ふくふくこども食堂の週1回開催",
        "子ども食堂を月1回から週1回に増やしたいが、食材と担い手が足りない",
        "下関市",
        ("子どもの健全育成", "保健・医療・福祉"),
        (1, 2, 3, 4, 17),
        "shimonoseki",
        P["vg-fukufuku-shokudo"],
        d("2023-04-18"),
    ),
    (
        HoldHearing(
            CASE,
            "利用したい家庭が増えている。調理ボランティアは5人だけ",
            d("2023-04-25"),
            P["vg-fukufuku-shokudo"],
        ),
        ProposePartners(
            CASE,
            (P["biz-kanmon-mart"], P["shakyo-shimonoseki"], P["jichikai-hikoshima"]),
            "食材は地元スーパー、担い手は社会福祉協議会、会場は自治会館で分担する",
            d("2023-05-08"),
        ),
        JoinParty(CASE, P["vg-fukufuku-shokudo"], R.PROPOSER, "調理と運営", d("2023-05-15")),
        JoinParty(
            CASE,
            P["biz-kanmon-mart"],
            R.VENUE_OR_GOODS,
            "規格外野菜など食材の定期提供",
            d("2023-05-22"),
        ),
        JoinParty(
            CASE, P["shakyo-shimonoseki"], R.PARTNER, "ボランティア募集と衛生講習", d("2023-05-22")
        ),
        JoinParty(
            CASE,
            P["jichikai-hikoshima"],
            R.VENUE_OR_GOODS,
            "自治会館の提供と見守り",
            d("2023-05-29"),
        ),
        HoldRoundtable(
            CASE,
            "週1回開催に向けた役割分担",
            d("2023-06-03"),
            (
                P["vg-fukufuku-shokudo"],
                P["biz-kanmon-mart"],
                P["shakyo-shimonoseki"],
                P["jichikai-hikoshima"],
            ),
            14,
            "毎週水曜日の夕方に開く",
            "衛生講習を6月中に",
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["vg-fukufuku-shokudo"], R.PROPOSER),
                RoleAssignment(P["biz-kanmon-mart"], R.VENUE_OR_GOODS),
                RoleAssignment(P["shakyo-shimonoseki"], R.PARTNER),
                RoleAssignment(P["jichikai-hikoshima"], R.VENUE_OR_GOODS),
            ),
            d("2023-07-01"),
            F.BUSINESS_COOPERATION,
            d("2023-06-20"),
            d("2024-03-31"),
            "食材は企業の提供、会場費は自治会が免除",
        ),
        CarryOutActivity(CASE, "週1回開催の初回", d("2023-07-05"), 32, 9),
        CarryOutActivity(CASE, "クリスマス会", d("2023-12-23"), 58, 15),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "週1回の開催を1年間続けられた",
            d("2024-03-15"),
            (
                Outcome("延べ利用者数", 1320, 1000, "人"),
                Outcome("ボランティア登録者", 27, 20, "人"),
            ),
            "食材の量を毎週LINEで調整し、廃棄を出さなかった",
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2024-03-29")),
        NominateSuccessCase(CASE, d("2024-04-12"), "地域ぐるみの子ども食堂"),
        PublishSuccessCase(
            CASE,
            SuccessStory(
                "スーパー・社協・自治会が支える 週1回のこども食堂",
                "任意団体のこども食堂を、地元スーパーの食材、社会福祉協議会のボランティア、"
                "自治会館の提供で週1回開催にした。",
                "こども食堂の代表から、回数を増やしたいと市民活動センターに相談があった。",
                "延べ1,320人が利用し、ボランティア登録者は27人に。",
                "役割を一つずつ分け、各主体の負担を小さくした。",
                (
                    P["vg-fukufuku-shokudo"],
                    P["biz-kanmon-mart"],
                    P["shakyo-shimonoseki"],
                    P["jichikai-hikoshima"],
                ),
            ),
            d("2024-05-30"),
        ),
    ),
)

FOOD_BANK = DemoCase(
    "foodbank-shunan",
    ReceiveConsultation(
        "フードバンク周南の仕分け・配送体制づくり",
        "企業からの寄贈食品が増え、仕分けと配送の人手と保管場所が足りない",
        "周南市",
        ("保健・医療・福祉", "環境の保全"),
        (1, 2, 12, 17),
        "shunan",
        P["npo-foodbank-shunan"],
        d("2023-09-05"),
    ),
    (
        HoldHearing(
            CASE,
            "冷蔵品を受け取れず、寄贈を断ることがある",
            d("2023-09-12"),
            P["npo-foodbank-shunan"],
        ),
        ProposePartners(
            CASE,
            (P["biz-shunan-shokuhin"], P["school-shunan-hs"], P["kirameki"]),
            "食品流通企業の倉庫、高校生ボランティア、財団の助成を組み合わせる",
            d("2023-09-26"),
        ),
        JoinParty(
            CASE,
            P["npo-foodbank-shunan"],
            R.PROPOSER,
            "寄贈の受付と配布先との調整",
            d("2023-10-02"),
        ),
        JoinParty(
            CASE,
            P["biz-shunan-shokuhin"],
            R.VENUE_OR_GOODS,
            "倉庫の一角と配送車の提供",
            d("2023-10-05"),
        ),
        JoinParty(
            CASE, P["school-shunan-hs"], R.PARTNER, "生徒による仕分けボランティア", d("2023-10-05")
        ),
        JoinParty(CASE, P["kirameki"], R.FUNDER, "業務用冷蔵庫の購入費を助成", d("2023-10-10")),
        HoldRoundtable(
            CASE,
            "仕分け・配送の分担",
            d("2023-10-12"),
            (P["npo-foodbank-shunan"], P["biz-shunan-shokuhin"], P["school-shunan-hs"]),
            11,
            "毎月第3土曜日に仕分け会を開く",
        ),
        ReachAgreement(
            CASE,
            (
                RoleAssignment(P["npo-foodbank-shunan"], R.PROPOSER),
                RoleAssignment(P["biz-shunan-shokuhin"], R.VENUE_OR_GOODS),
                RoleAssignment(P["school-shunan-hs"], R.PARTNER),
                RoleAssignment(P["kirameki"], R.FUNDER),
            ),
            d("2023-11-01"),
            F.BUSINESS_COOPERATION,
            d("2023-10-30"),
            d("2024-10-31"),
            "財団助成50万円、倉庫と配送車は企業が無償提供",
        ),
        CarryOutActivity(CASE, "年末フードドライブと仕分け会", d("2023-12-16"), 120, 34),
        CarryOutActivity(CASE, "夏休みの食品配布", d("2024-08-03"), 210, 28),
        ConductReview(
            CASE,
            ReviewKind.SELF,
            "取扱量と高校生の参加が目標を上回った",
            d("2024-10-25"),
            (
                Outcome("取扱食品量", 8200, 6000, "kg"),
                Outcome("高校生ボランティア（延べ）", 96, 60, "人"),
                Outcome("企業からの寄贈（食品ロス削減）", 5400, 4000, "kg"),
            ),
            "仕分け会を定例化して、高校の部活動の予定に組み込んでもらった",
        ),
        CloseCase(CASE, ClosureResult.SUCCEEDED, d("2024-11-15")),
        NominateSuccessCase(CASE, d("2024-11-28"), "食品ロス削減と生活支援を両立した事例"),
        PublishSuccessCase(
            CASE,
            SuccessStory(
                "企業の倉庫と高校生が支えるフードバンク",
                "フードバンクのNPOに、食品流通企業が倉庫と配送車を、高校が仕分けボランティアを、"
                "財団が冷蔵庫の助成を提供した。",
                "寄贈を断らざるを得ないというNPOの相談を、周南市の支援センターが受けた。",
                "取扱食品量8,200kg、高校生ボランティア延べ96人。",
                "定例の仕分け会を高校の年間予定に入れてもらい、担い手を安定させた。",
                (
                    P["npo-foodbank-shunan"],
                    P["biz-shunan-shokuhin"],
                    P["school-shunan-hs"],
                    P["kirameki"],
                ),
            ),
            d("2025-01-20"),
        ),
    ),
)

REGIONAL_SUCCESSES: tuple[DemoCase, ...] = (PROBONO_WEB, KODOMO_SHOKUDO, FOOD_BANK)
