"""The plan officer's forms that shape the plans (推進計画) in a real headless Chromium on the demo
data: registering a plan, adding its items (a number already used is refused with the rule's
message), listing one again under another policy (再掲), defining an indicator and tying it to
an item; a facilitator is offered none of them.

Ledger steps cannot be undone and a worker's tests share one server: each test writes into a
plan of its own, named afresh, never into the demo's plans that other tests read. Its name
sorts after the demo's plans (防 after 山 and 第), so that the lists' first plan, which the
other tests' views show by default, stays the demo's."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from uuid import uuid4

from tests.e2e.test_journeys import accessible, opened, posted, shot

POLICY = "I 市民活動の担い手を育てます"
MEASURE = "(1) 担い手の育成"
OTHER_POLICY = "II 協働の仕組みを整えます"
OTHER_MEASURE = "(3) 協働の場づくり"


def plan_name() -> str:
    return f"防府市協働推進計画（試験 {uuid4().hex[:8]}）"


def submitted(form: Any) -> None:
    form.locator("button[type=submit]").click()


def refused(form: Any) -> tuple[str, str | None]:
    """The form sent and refused: the alert's text and code."""
    submitted(form)
    alert = form.locator(".alert")
    alert.wait_for()
    return alert.inner_text(), alert.get_attribute("data-code")


def opened_panel(page: Any, panel: str) -> Any:
    """The form of a panel (`<details>`), opened unless it already is."""
    details = page.locator(f"#{panel}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form.step-form")


def options(page: Any, datalist: str) -> list[str]:
    return [
        str(v)
        for v in page.locator(f"#{datalist} option").evaluate_all(
            "options => options.map((o) => o.value)"
        )
    ]


def a_plan_with_an_item(page: Any, name: str) -> str:
    """Given a plan registered with item No.1 (over the API, as another tab would): its ID."""
    registered = posted(
        page,
        "mutation($input: RegisterPlanInput!) { registerPlan(input: $input, "
        "waitForReadModels: true) { __typename ... on PlanPayload { planId } } }",
        {"input": {"name": name, "municipality": "防府市"}},
    )["registerPlan"]
    assert registered["__typename"] == "PlanPayload", registered
    item = {"number": 1, "title": "担い手育成講座の開催", "policy": POLICY, "measure": MEASURE}
    added = posted(
        page,
        "mutation($input: AddPlanItemInput!) { addPlanItem(input: $input, "
        "waitForReadModels: true) { __typename } }",
        {"input": {"planId": registered["planId"], **item}},
    )["addPlanItem"]
    assert added["__typename"] == "PlanPayload", added
    return str(registered["planId"])


def test_a_plan_officer_registers_a_plan_and_adds_its_items_one_after_another(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    name = plan_name()
    opened(page, demo_tokens["chief_facilitator"], "/#/plans", "table.status-list tbody tr")
    form = opened_panel(page, "plan-register")
    form.get_by_label("計画名（必須）").fill(name)
    form.get_by_label("市町").select_option(label="防府市")
    submitted(form)
    # the page lands on the new plan, its list empty and the item's form open
    page.wait_for_selector(f"table.status-list caption:has-text('{name}')")
    assert name in page.get_by_label("計画", exact=True).locator("option").all_inner_texts()
    assert page.locator("table.status-list tbody tr").count() == 0
    assert page.locator("#plan-add-item").get_attribute("open") is not None
    form = page.locator("#plan-add-item form.step-form")
    assert form.get_by_label("番号（必須）").input_value() == "1"
    form.get_by_label("推進項目（必須）").fill("担い手育成講座の開催")
    form.get_by_label("推進方針（必須）").fill(POLICY)
    form.get_by_label("推進施策（必須）").fill(MEASURE)
    submitted(form)
    page.wait_for_selector('table.status-list tr[data-number="1"]')
    assert page.locator("table.status-list tr.policy").all_inner_texts() == [POLICY]
    assert page.locator("table.status-list tr.measure").all_inner_texts() == [MEASURE]

    # open again for the next item: its number filled, the plan's own words suggested
    form = page.locator("#plan-add-item[open] form.step-form")
    assert form.get_by_label("番号（必須）").input_value() == "2"
    assert options(page, "plan-item-policies") == [POLICY]
    assert options(page, "plan-item-measures") == [MEASURE]
    form.get_by_label("番号（必須）").fill("1")
    form.get_by_label("推進項目（必須）").fill("協働コーディネーターの養成")
    form.get_by_label("推進方針（必須）").fill(POLICY)
    form.get_by_label("推進施策（必須）").fill(MEASURE)
    message, code = refused(form)
    assert "推進項目 No.1 はすでに「担い手育成講座の開催」に使われています" in message
    assert code == "plan_item_number_taken"
    assert form.get_by_label("推進項目（必須）").input_value() == "協働コーディネーターの養成"
    accessible(page)
    shot(page, "plan-add-item-refused")
    form.get_by_label("番号（必須）").fill("2")
    submitted(form)
    page.wait_for_selector('table.status-list tr[data-number="2"]')
    titles = page.locator("table.status-list tbody tr[data-number] td:nth-child(2)")
    assert titles.all_inner_texts() == ["担い手育成講座の開催", "協働コーディネーターの養成"]
    assert page.locator("table.status-list tr.measure").all_inner_texts() == [MEASURE]
    assert page.locator("#plan-add-item form").get_by_label("番号（必須）").input_value() == "3"


def test_a_plan_officer_restates_an_item_and_ties_it_to_an_indicator_defined_for_the_plan(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    name = plan_name()
    opened(page, demo_tokens["chief_facilitator"], "/#/plans", "table.status-list tbody tr")
    plan_id = a_plan_with_an_item(page, name)
    page.goto(f"/#/plans/{quote(plan_id)}/1")
    page.wait_for_selector("h1:has-text('No.1 担い手育成講座の開催')")
    form = opened_panel(page, "plan-restate")
    assert options(page, "plan-restate-policies") == [POLICY]
    form.get_by_label("推進方針（必須）").fill(OTHER_POLICY)
    form.get_by_label("推進施策（必須）").fill(OTHER_MEASURE)
    submitted(form)
    page.wait_for_selector(f"dl.facts dd:has-text('{OTHER_MEASURE}')")
    assert f"{OTHER_POLICY} {OTHER_MEASURE}" in page.locator("dl.facts").inner_text()

    # the indicator, on the indicators tab: counted from the ledger, offered by its name
    page.goto("/#/plans/indicators")
    page.wait_for_selector("table.plan-indicators tbody tr")
    shown = page.get_by_label("計画", exact=True).input_value()
    form = opened_panel(page, "indicator-define")
    assert form.get_by_label("計画名（必須）").input_value() == shown
    assert name in options(page, "indicator-plan-names")
    assert "相談受付件数" in options(page, "indicator-kpis")
    form.get_by_label("計画名（必須）").fill(name)
    form.get_by_label("指標の記号（必須）").fill("H-1")
    form.get_by_label("指標名（必須）").fill("担い手育成の相談件数")
    form.get_by_label("単位（必須）").fill("件")
    form.get_by_label("市町").select_option(label="防府市")
    form.get_by_label("台帳から数える指標").fill("相談受付件数")
    submitted(form)
    page.wait_for_selector(f"table.plan-indicators caption:has-text('{name}')")
    defined = page.locator('table.plan-indicators tr[data-code="H-1"]').inner_text()
    assert "H-1 担い手育成の相談件数" in defined
    assert "協働の台帳から集計" in defined
    opened_panel(page, "indicator-define")
    accessible(page)
    shot(page, "plan-indicator-defined")

    page.goto(f"/#/plans/{quote(plan_id)}/1")
    page.wait_for_selector("#plan-link-indicator")
    assert page.locator("#item-indicator-list").inner_text() == "結び付いた評価指標はありません。"
    form = opened_panel(page, "plan-link-indicator")
    assert options(page, "plan-indicator-codes") == ["H-1"]
    form.get_by_label("評価指標（必須）").fill("H-1")
    submitted(form)
    page.wait_for_selector("#item-indicator-list li")
    assert page.locator("#item-indicator-list li").all_inner_texts() == ["H-1 担い手育成の相談件数"]
    form = opened_panel(page, "plan-link-indicator")
    form.get_by_label("評価指標（必須）").fill("H-1")
    message, code = refused(form)
    assert "評価指標「H-1」はすでに推進項目 No.1 に結び付けられています" in message
    assert code == "indicator_already_linked"
    accessible(page)
    shot(page, "plan-item-officer")

    # the list shows the item again under the policy it was restated under
    page.get_by_role("link", name="実施状況一覧へ戻る").click()
    page.wait_for_selector(f"table.status-list caption:has-text('{name}')")
    assert page.locator("table.status-list tr.policy").all_inner_texts() == [POLICY, OTHER_POLICY]
    assert page.locator('table.status-list tr[data-number="1"]').count() == 2


def test_a_facilitator_is_offered_none_of_the_plan_officer_s_forms(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(page, demo_tokens["facilitator"], "/#/plans", "table.status-list tbody tr")
    assert page.locator("#plan-register, #plan-add-item").count() == 0
    page.locator('table.status-list tr[data-number="39"] a').click()
    page.wait_for_selector(".link-case form")  # the facilitator's own form: the page is drawn
    assert page.locator("#plan-restate, #plan-link-indicator").count() == 0
    page.goto("/#/plans/indicators")
    page.wait_for_selector("table.plan-indicators tbody tr")
    assert page.locator("#indicator-define").count() == 0
    assert page.locator("form.step-form").count() == 0
