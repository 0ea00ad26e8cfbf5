// The plan officer's steps that shape a plan rather than record a year: registering a plan
// (計画の登録), adding an item (推進項目の追加) or listing it again under another policy (再掲),
// tying an indicator to an item and defining an indicator (評価指標の定義). Each is the step's
// own form (/web/steps.json) with what the view already gives left out, in a panel where an
// officer looks for it, and the plan's own words (its policies, measures, indicator codes,
// plan names) suggested, so that they are typed as the plan already writes them.
import { hasOperation, run } from "./graphql.js";
import { givenStep, stepForm, stepForms } from "./forms.js";
import { fiscalYearOf, h, redrawView, todayTokyo } from "./ui.js";

export const OFFICER = "CHIEF_FACILITATOR";

// The plan whose item list was just added to: its panel opens again, the next number filled.
let addedTo = null;

// The step of `operation` and the nested inputs, where the plan officer is offered it; else null.
async function officerStep(session, operation) {
  if (session.viewer.role !== OFFICER || !hasOperation(operation)) return null;
  const described = await stepForms();
  const step = described.steps.find((s) => s.operation === operation);
  return step ? { step, inputs: described.inputs } : null;
}

function panel(id, summary, open, ...content) {
  return h("details", { class: "panel no-print", id, open }, h("summary", {}, summary), ...content);
}

// The view at `address`, drawn again when the page already shows it.
function show(address) {
  if (location.hash === address) redrawView();
  else location.hash = address;
}

// A text field of `form` offered `choices` ([value, label] or a value) as it is typed.
function suggest(form, name, id, choices) {
  const input = form.querySelector(`[data-field="${name}"]`);
  const list = h("datalist", { id });
  const offer = (some) =>
    list.replaceChildren(...some.map((c) => (Array.isArray(c) ? h("option", { value: c[0], label: c[1] }) : h("option", { value: c }))));
  offer(choices);
  input.setAttribute("list", id);
  input.setAttribute("autocomplete", "off");
  input.after(list);
  return [input, offer];
}

// 推進方針 and 推進施策 suggested from the plan's list; once a policy is typed, its measures.
function placements(form, policies, prefix) {
  const every = [...new Set(policies.flatMap((p) => p.measures.map((m) => m.title)))];
  const under = new Map(policies.map((p) => [p.title, p.measures.map((m) => m.title)]));
  const [policy] = suggest(form, "policy", `${prefix}-policies`, policies.map((p) => p.title));
  const [, offer] = suggest(form, "measure", `${prefix}-measures`, every);
  const narrow = () => offer(under.get(policy.value.trim()) || every);
  policy.addEventListener("input", narrow);
  policy.addEventListener("change", narrow);
}

// A municipality left unchosen means the prefecture's plan or indicator: said so.
function prefectureChoice(form) {
  const none = form.querySelector('select[data-field="municipality"] option[value=""]');
  if (none) none.textContent = "県（市町を指定しない）";
}

// An officer's step form in its panel, under its hint; `decorate` adds to the form (the
// plan's own words suggested, the prefecture's choice named).
function officerPanel(found, { id, summary, open = false, hint, step = found.step, vocabulary = {}, centre, values, onDone = redrawView, decorate }) {
  const form = stepForm(step, { vocabulary, inputs: found.inputs, centre, values, onDone });
  decorate?.(form);
  return panel(id, summary, open, h("p", { class: "hint" }, hint), form);
}

// 計画を登録する: its name (which tells it apart) and its city; the page then shows the new
// plan's list, where its items are added.
export async function registerPlanPanel(session, vocabulary, open = false) {
  const found = await officerStep(session, "RegisterPlan");
  if (!found) return null;
  return officerPanel(found, {
    id: "plan-register",
    summary: "計画を登録する",
    open,
    hint: "計画は名前で見分けます（同じ名前の計画は登録できません）。市町を指定しない計画は県の計画です。",
    vocabulary,
    centre: session.viewer.centre,
    onDone: (result) => show(`#/plans?${new URLSearchParams({ plan: result.planId })}`),
    decorate: prefectureChoice,
  });
}

// 推進項目を追加する, under the list: the next free number filled in, the plan's policies and
// measures suggested. Open when the plan has no item yet, and again after one is added.
export async function addItemPanel(session, plan, list) {
  const found = await officerStep(session, "AddPlanItem");
  if (!found) return null;
  const rows = list.policies.flatMap((p) => p.measures.flatMap((m) => m.rows));
  const open = !rows.length || addedTo === plan.id;
  addedTo = null;
  return officerPanel(found, {
    id: "plan-add-item",
    summary: "推進項目を追加する",
    open,
    hint: "計画の中間見直しなどで加わった推進項目を、推進方針・推進施策の下に追加します。番号は計画書のNOです。",
    step: givenStep(found.step, "推進項目の追加", { planId: plan.id }),
    values: { number: Math.max(0, ...rows.map((r) => r.number)) + 1 },
    onDone: () => {
      addedTo = plan.id;
      redrawView();
    },
    decorate: (form) => placements(form, list.policies, "plan-item"),
  });
}

// 再掲する, on an item's page: the item listed again under another policy and measure.
export async function restatePanel(session, item, policies) {
  const found = await officerStep(session, "RestatePlanItem");
  if (!found) return null;
  return officerPanel(found, {
    id: "plan-restate",
    summary: "再掲する",
    hint: "この推進項目を、ほかの推進方針・推進施策の下にも掲げます（実施状況は一つのままです）。",
    step: givenStep(found.step, `No.${item.number}の再掲`, { planId: item.plan.id, number: item.number }),
    decorate: (form) => placements(form, policies, "plan-restate"),
  });
}

// The indicators an item of `planName` may be tied to: those of the plan of that name, else
// every plan's (a city plan's indicators are often written under its 推進計画's name).
export async function indicatorsFor(planName) {
  const names = (await run("IndicatorPlans")).indicatorPlans;
  const own = names.includes(planName);
  const tables = await Promise.all((own ? [planName] : names).map((plan) => run("PlanIndicators", { plan, asOf: null })));
  const found = tables.flatMap((t) => t.planIndicators.indicators.map((i) => ({ ...i, plan: t.planIndicators.plan })));
  return { own, indicators: found };
}

// 評価指標を結び付ける, on an item's page: an indicator by its code, the plan's suggested.
export async function linkIndicatorPanel(session, item, near) {
  const found = await officerStep(session, "LinkIndicatorToPlanItem");
  if (!found) return null;
  const label = (i) => (near.own ? i.name : `${i.name}（${i.plan}）`);
  return officerPanel(found, {
    id: "plan-link-indicator",
    summary: "評価指標を結び付ける",
    hint: "この推進項目の進み具合を測る評価指標を、記号で指定します。",
    step: givenStep(found.step, "評価指標の結び付け", { planId: item.plan.id, number: item.number }),
    decorate: (form) => {
      const [input] = suggest(form, "indicator", "plan-indicator-codes", near.indicators.map((i) => [i.code, label(i)]));
      input.setAttribute("placeholder", "例: P-1");
    },
  });
}

// 評価指標を定義する, under the indicators' table: the plan shown filled in (and the city of its
// indicators), the plans' names suggested; an indicator counted from the ledger names the KPI
// it counts (台帳から数える指標), offered by its Japanese name.
export async function defineIndicatorPanel(session, vocabulary, shown, open = false) {
  const found = await officerStep(session, "DefineIndicator");
  if (!found) return null;
  const [names, plans, kpis] = await Promise.all([
    run("IndicatorPlans").then((d) => d.indicatorPlans),
    run("Plans").then((d) => d.plans.map((p) => p.name), () => []),
    hasOperation("KpiTable")
      ? run("KpiTable", { fiscalYear: fiscalYearOf(todayTokyo()), municipality: null, asOf: null }).then((d) => d.kpi.rows, () => [])
      : [],
  ]);
  let defined = null;
  const step = {
    ...found.step,
    label: "評価指標の定義",
    prepare: (input) => {
      defined = input.plan.trim();
      return input;
    },
  };
  const town = shown?.indicators.length ? { municipality: shown.indicators[0].municipality ?? "" } : {};
  return officerPanel(found, {
    id: "indicator-define",
    summary: "評価指標を定義する",
    open,
    hint: "計画名と記号で評価指標を見分けます。「台帳から数える指標」に協働の台帳の評価指標（相談受付件数など）を選ぶと、実績値は年度ごとに台帳から集計されます（空欄なら、毎年の実績値を報告する指標です）。",
    step,
    vocabulary,
    centre: session.viewer.centre,
    values: { plan: shown?.plan ?? "", ...town },
    onDone: () => show(`#/plans/indicators?${new URLSearchParams({ plan: defined })}`),
    decorate: (form) => {
      prefectureChoice(form);
      suggest(form, "plan", "indicator-plan-names", [...new Set([...names, ...plans])]);
      suggest(form, "derivedFrom", "indicator-kpis", kpis.map((k) => k.label));
    },
  });
}
