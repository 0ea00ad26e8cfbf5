// 推進計画: a city plan's status list (実施状況一覧, seed 004) for a fiscal year as the city
// prints it, each item's history across the years with the cases that carry it out, and the
// plans' indicators (評価指標: 基準値・実績値・目標値). A chief facilitator, the plan officer,
// records an item's status from the list and shapes the plans (web/plan_forms.js); a
// facilitator or a chief ties a case to an item.
import { ApiError, hasOperation, run } from "./graphql.js";
import { givenStep, stepForm, stepForms } from "./forms.js";
import { addItemPanel, defineIndicatorPanel, indicatorsFor, linkIndicatorPanel, OFFICER, registerPlanPanel, restatePanel } from "./plan_forms.js";
import { caseLink, dateLabel, field, figure, filterForm, fiscalYearLabel, fiscalYearOf, h, head, link, opener, put, redrawView, select, todayTokyo } from "./ui.js";
import { FACILITATING, terms } from "./vocabulary.js";
import { downloads } from "./xlsx.js";

const SHOWN = ["NO", "推進項目", "実施状況", "今後の取扱い", "検証内容"];

export async function render(view, route, session) {
  const [section, ...rest] = route.parts.slice(1);
  if (section === "indicators") return indicators(view, route, session);
  if (section && rest.length) return item(view, section, Number(rest[0]), route, session);
  return statusList(view, route, session);
}

function tabs(current) {
  const tab = (href, label, name) =>
    h("li", {}, link(href, label, { "aria-current": current === name ? "page" : null }));
  return h("nav", { class: "tabs no-print", "aria-label": "推進計画の表示" },
    h("ul", {}, tab("#/plans", "実施状況一覧", "status"), tab("#/plans/indicators", "計画の評価指標", "indicators")));
}

// The fiscal years a list can be shown for: those with statuses, and every year since the
// first up to this one (a plan officer records a new year's statuses in an empty list).
function yearsOf(plan) {
  const now = fiscalYearOf(todayTokyo());
  const first = Math.min(now, ...plan.fiscalYears);
  const years = new Set(plan.fiscalYears);
  for (let y = first; y <= now; y++) years.add(y);
  return [...years].sort((a, b) => b - a);
}

async function statusList(view, route, session) {
  const plans = (await run("Plans")).plans;
  if (!plans.length) {
    const register = await registerPlanPanel(session, await terms(), true);
    put(view, h("h1", { tabindex: "-1" }, "推進計画"), tabs("status"), h("p", {}, "推進計画はまだ登録されていません。"), register);
    return null;
  }
  const q = route.query;
  const plan = plans.find((p) => p.id === q.get("plan")) || plans[0];
  const years = yearsOf(plan);
  const year = Number(q.get("year")) || (plan.fiscalYears.length ? Math.max(...plan.fiscalYears) : years[0]);
  const [answer, vocabulary] = await Promise.all([run("PlanStatusList", { planId: plan.id, fiscalYear: year }), terms()]);
  const list = answer.planStatusList;
  const officer = session.viewer.role === OFFICER;
  const form = filterForm("plans", "表示する計画と年度",
    field("plan-plan", "計画", select(plans.map((p) => [p.id, p.name]), plan.id, { name: "plan" })),
    field("plan-year", "年度", select(years.map((y) => [y, fiscalYearLabel(y)]), year, { name: "year" })),
    h("button", { type: "submit", class: "primary" }, "表示する"));
  const [recorder, adder, register] = officer
    ? await Promise.all([statusForm(plan, year, vocabulary), addItemPanel(session, plan, list), registerPlanPanel(session, vocabulary)])
    : [null, null, null];
  const columns = SHOWN.length + (recorder ? 1 : 0);
  const bodies = list.policies.map((policy) =>
    h("tbody", {},
      h("tr", { class: "policy" }, h("th", { scope: "rowgroup", colspan: String(columns) }, policy.title)),
      policy.measures.flatMap((measure) => [
        h("tr", { class: "measure" }, h("th", { scope: "rowgroup", colspan: String(columns) }, measure.title)),
        ...measure.rows.map((row) => statusRow(row, plan, year, recorder, columns)),
      ])));
  const lines = [list.columns, ...list.policies.flatMap((p) =>
    p.measures.flatMap((m) => m.rows.map((r) => [p.title, m.title, ...r.cells])))];
  const offered = downloads(lines, `${year}年度`, `kyodo-plan-${year}`, "plan");
  const caption = `${plan.name}　${list.fiscalYearLabel}（${year}年度） 実施状況一覧`;
  put(view,
    h("h1", { tabindex: "-1" }, "推進計画の実施状況"),
    tabs("status"),
    form,
    h("p", { id: "plan-legend" }, list.legend),
    h("div", { class: "table-wrap" },
      h("table", { class: "status-list responsive" },
        h("caption", {}, caption),
        unprinted(head(recorder ? [...SHOWN, "記録"] : SHOWN, ["NO"]), recorder),
        bodies)),
    list.policies.length ? null : h("p", {}, "この計画の推進項目はまだありません。"),
    h("div", { class: "actions" },
      offered.links,
      h("button", { type: "button", class: "secondary", onclick: () => window.print() }, "一覧を印刷する")),
    adder,
    register,
  );
  return offered.revoke;
}

// The record column is the plan officer's, not the paper's.
function unprinted(thead, recorder) {
  if (recorder) thead.querySelector("th:last-child").classList.add("no-print");
  return thead;
}

function statusRow(row, plan, year, recorder, columns) {
  const [number, , , handling, note] = row.cells;
  const s = row.status;
  const title = row.restated ? row.cells[1] : link(`#/plans/${encodeURIComponent(plan.id)}/${row.number}?year=${year}`, row.cells[1]);
  const mark = s ? h("span", {}, h("span", { "aria-hidden": "true" }, `${s.mark} `), s.statusLabel) : row.cells[2];
  const tr = h("tr", { "data-number": String(row.number) },
    h("td", { class: "number", "data-label": "NO" }, number),
    h("td", { "data-label": "推進項目" }, title),
    h("td", { class: "nowrap", "data-label": "実施状況" }, mark),
    h("td", { "data-label": "今後の取扱い" }, handling),
    h("td", { "data-label": "検証内容" }, note));
  if (!recorder) return tr;
  if (row.restated) {
    tr.append(h("td", { class: "no-print" }, ""));
    return tr;
  }
  const action = s ? "記録し直す" : "記録する";
  tr.append(h("td", { class: "nowrap no-print" }, opener(tr, action, `No.${row.number}の実施状況を${action}`, columns, () => recorder(row))));
  return tr;
}

// The plan officer's form of an item's status in the list's year, filled as it stands; after
// it is recorded the list is drawn again.
async function statusForm(plan, year, vocabulary) {
  const described = await stepForms();
  const step = described.steps.find((s) => s.operation === "RecordPlanItemStatus");
  if (!step) return null;
  const marked = {
    ...vocabulary,
    implementationStatuses: vocabulary.implementationStatuses.map((t) => ({ ...t, ja: `${t.mark} ${t.ja}` })),
  };
  return (row) => {
    const s = row.status;
    const values = s ? { status: s.status, handling: s.handling, mergedInto: s.mergedInto, reviewNote: s.reviewNote } : {};
    const given = { planId: plan.id, number: row.number, fiscalYear: year };
    return stepForm(
      givenStep(step, `No.${row.number}の${fiscalYearLabel(year)}の実施状況`, given),
      { vocabulary: marked, inputs: described.inputs, values, onDone: redrawView },
    );
  };
}

async function item(view, planId, number, route, session) {
  const found = (await run("PlanItemHistory", { planId, number })).planItem;
  const year = route.query.get("year");
  const back = link(`#/plans?${new URLSearchParams({ plan: planId, ...(year ? { year } : {}) })}`, "実施状況一覧へ戻る");
  if (!found) {
    put(view, h("p", { class: "breadcrumb" }, back), h("h1", { tabindex: "-1" }, "推進項目が見つかりません"));
    return null;
  }
  const role = session.viewer.role;
  const named = (c) => caseLink(role, c.number, `${c.number} ${c.title}`);
  const officer = role === OFFICER;
  const none = { own: false, indicators: [] };
  // the officer's forms suggest the plan's policies, measures and indicators
  const [near, policies] = await Promise.all([
    officer || found.indicators.length ? indicatorsFor(found.plan.name).catch(() => none) : none,
    officer ? run("PlanStatusList", { planId, fiscalYear: Number(year) || fiscalYearOf(todayTokyo()) }).then((d) => d.planStatusList.policies) : [],
  ]);
  const indicatorNames = new Map(near.own ? near.indicators.map((i) => [i.code, i.name]) : []);
  const [restater, linker] = officer
    ? await Promise.all([restatePanel(session, found, policies), linkIndicatorPanel(session, found, near)])
    : [null, null];
  const statuses = found.statuses.map((s) =>
    h("tr", {},
      h("td", { class: "nowrap", "data-label": "年度" }, s.fiscalYearLabel),
      h("td", { class: "nowrap", "data-label": "実施状況" }, h("span", { "aria-hidden": "true" }, `${s.mark} `), s.statusLabel),
      h("td", { "data-label": "今後の取扱い" }, s.handlingLabel + (s.mergedInto ? `（No.${s.mergedInto}へ）` : "")),
      h("td", { "data-label": "検証内容" }, s.reviewNote),
      h("td", { class: "nowrap", "data-label": "記録日" }, dateLabel(s.recordedOn))));
  const facts = [
    ["計画", found.plan.name],
    ["推進方針", found.policy],
    ["推進施策", found.measure],
    ...(found.restatedUnder.length ? [["再掲", found.restatedUnder.map((r) => `${r.policy} ${r.measure}`).join("、")]] : []),
  ];
  put(view,
    h("p", { class: "breadcrumb" }, back),
    h("h1", { tabindex: "-1" }, `No.${found.number} ${found.title}`),
    h("dl", { class: "facts" }, facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    restater,
    h("section", { "aria-labelledby": "item-statuses" },
      h("h2", { id: "item-statuses" }, "年度ごとの実施状況"),
      found.statuses.length
        ? h("div", { class: "table-wrap" },
          h("table", { class: "responsive" },
            head(["年度", "実施状況", "今後の取扱い", "検証内容", "記録日"]),
            h("tbody", {}, statuses)))
        : h("p", {}, "実施状況はまだ記録されていません。")),
    h("section", { "aria-labelledby": "item-cases" },
      h("h2", { id: "item-cases" }, "この推進項目を実施する案件"),
      found.cases.length
        ? h("ul", { id: "item-case-list" }, found.cases.map((c) => h("li", {}, named(c))))
        : h("p", { id: "item-case-list" }, "結び付いた案件はまだありません。"),
      FACILITATING.has(role) ? await linkForm(planId, number, session) : null),
    h("section", { "aria-labelledby": "item-indicators" },
      h("h2", { id: "item-indicators" }, "関連する評価指標"),
      found.indicators.length
        ? h("ul", { id: "item-indicator-list" }, found.indicators.map((code) => h("li", {}, [code, indicatorNames.get(code)].filter(Boolean).join(" "))))
        : h("p", { id: "item-indicator-list" }, "結び付いた評価指標はありません。"),
      linker),
  );
  return null;
}

// A case tied to the item by its number, as people say it (山口-2025-001); the user's own
// cases suggested.
async function linkForm(planId, number, session) {
  const described = await stepForms();
  const step = described.steps.find((s) => s.operation === "LinkCaseToPlanItem");
  if (!step) return null;
  const mine = await run("MyCases", { filter: { facilitatorId: session.viewer.userId }, first: 50 }).catch(() => null);
  const suggestions = h("datalist", { id: "plan-case-numbers" },
    (mine?.cases.edges || []).map(({ node }) => h("option", { value: node.number, label: node.title })));
  const form = stepForm(
    {
      ...step,
      label: "案件の結び付け",
      fields: [{ name: "caseNumber", type: "String!", label: "案件番号", long: false }],
      prepare: async ({ caseNumber }) => {
        const wanted = (caseNumber || "").trim();
        const hit = wanted ? (await run("MyCases", { filter: { number: wanted }, first: 1 })).cases.edges[0] : null;
        if (!hit) throw new ApiError(`案件番号「${wanted}」の案件が見つかりません（例: 山口-2025-001）`, "case_not_found");
        return { planId, number, caseId: hit.node.id };
      },
    },
    { vocabulary: {}, inputs: described.inputs, onDone: redrawView },
  );
  const input = form.querySelector('[data-field="caseNumber"]');
  input.setAttribute("list", "plan-case-numbers");
  input.setAttribute("autocomplete", "off");
  input.setAttribute("placeholder", "例: 山口-2025-001");
  return h("div", { class: "link-case" }, h("h3", {}, "案件をこの推進項目に結び付ける"), suggestions, form);
}

async function indicators(view, route, session) {
  const names = (await run("IndicatorPlans")).indicatorPlans;
  if (!names.length) {
    const define = await defineIndicatorPanel(session, await terms(), null, true);
    put(view, h("h1", { tabindex: "-1" }, "計画の評価指標"), tabs("indicators"), h("p", {}, "評価指標はまだ登録されていません。"), define);
    return null;
  }
  const plan = names.includes(route.query.get("plan")) ? route.query.get("plan") : names[0];
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(route.query.get("asOf") || "") ? route.query.get("asOf") : null;
  const table = (await run("PlanIndicators", { plan, asOf })).planIndicators;
  const form = filterForm("plans/indicators", "表示する計画と時点",
    field("indicator-plan", "計画", select(names.map((n) => [n, n]), plan, { name: "plan" })),
    field("indicator-as-of", "時点", h("input", { type: "date", name: "asOf", value: asOf || "", max: todayTokyo() }),
      "空欄なら現在。日付を選ぶと、その日の終わりに記録されていた表を示します"),
    h("button", { type: "submit", class: "primary" }, "表示する"));
  // a report goes into today's table, not into a past day's
  const today = session.viewer.role === OFFICER && !asOf;
  const [reporter, define] = today
    ? await Promise.all([officerForms(plan), terms().then((vocabulary) => defineIndicatorPanel(session, vocabulary, table))])
    : [null, null];
  const columns = 5 + (reporter ? 1 : 0);
  const valued = (value, unit) => (value === null || value === undefined ? "—" : `${figure(value)}${unit}`);
  const rows = table.indicators.map((i) => {
    const latest = i.years.filter((y) => y.actual !== null).at(-1);
    const tr = h("tr", { "data-code": i.code },
      h("th", { scope: "row", "data-label": "指標" }, `${i.code} ${i.name}`, h("p", { class: "hint" }, i.policy)),
      h("td", { class: "number", "data-label": "基準値" }, valued(i.baseline, i.unit), i.baselinePeriod ? h("p", { class: "hint" }, i.baselinePeriod) : null),
      h("td", { "data-label": "実績値" },
        i.years.length
          ? h("ul", { class: "plain" }, i.years.map((y) => h("li", {}, `${y.fiscalYearLabel.split("（")[0]}: ${valued(y.actual, i.unit)}`)))
          : "—",
        i.kind === "DERIVED" ? h("p", { class: "hint" }, `協働の台帳から集計（${i.derivedFrom}）`) : null,
        latest?.commentary ? h("p", { class: "hint" }, latest.commentary) : null),
      h("td", { class: "number", "data-label": "目標値" },
        i.target !== null ? valued(i.target, i.unit) : i.targetWording || "—",
        i.targetFiscalYearLabel ? h("p", { class: "hint" }, `${i.targetFiscalYearLabel.split("（")[0]}まで`) : null),
      h("td", { class: "number", "data-label": "進捗" }, i.progress === null ? "—" : `${i.progress}%`));
    if (reporter) {
      tr.append(h("td", { class: "no-print", "data-label": "記録" },
        h("div", { class: "row-actions" }, reporter.offered(i).map(([operation, what, text]) =>
          opener(tr, what, `${i.code}の${text}`, columns, () => reporter.form(operation, what, i))))));
    }
    return tr;
  });
  const lines = [
    ["計画", "記号", "指標", "単位", "施策", "基準値", "基準時点", "年度", "実績値", "出典", "所見", "目標値", "目標年度", "進捗（%）"],
    ...table.indicators.flatMap((i) => (i.years.length ? i.years : [null]).map((y) => [
      plan, i.code, i.name, i.unit, i.policy, i.baseline ?? "", i.baselinePeriod ?? "",
      y?.fiscalYear ?? "", y?.actual ?? "", y?.source ?? "", y?.commentary ?? "",
      i.target ?? i.targetWording ?? "", i.targetFiscalYear ?? "", i.progress ?? ""])),
  ];
  const offered = downloads(lines, "評価指標", "kyodo-plan-indicators", "indicators");
  put(view,
    h("h1", { tabindex: "-1" }, "計画の評価指標"),
    tabs("indicators"),
    form,
    h("div", { class: "table-wrap" },
      h("table", { class: "plan-indicators responsive" },
        h("caption", {}, `${plan}の評価指標${asOf ? `（${dateLabel(asOf)}の時点）` : ""}`),
        unprinted(head(["指標", "基準値", "実績値", "目標値", "進捗", ...(reporter ? ["記録"] : [])], ["基準値", "目標値", "進捗"]), reporter),
        h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: String(columns) }, "この時点で記録されていた評価指標はありません"))))),
    h("p", { class: "hint" }, "進捗は、最新の実績値を目標値で割った割合（%）です。"),
    h("div", { class: "actions" },
      offered.links,
      h("button", { type: "button", class: "secondary", onclick: () => window.print() }, "印刷する")),
    define,
  );
  return offered.revoke;
}

// The plan officer's forms of an indicator's row, each filled as the row stands: its actual
// for a fiscal year (the last closed one unless changed; an indicator the ledger counts takes
// none), its target, its baseline, and a commentary on a year.
const OFFICER_STEPS = [
  ["ReportIndicatorActual", "実績値", "実績値を報告する"],
  ["SetIndicatorTarget", "目標値", "目標値を設定する"],
  ["SetIndicatorBaseline", "基準値", "基準値を設定する"],
  ["CommentOnIndicator", "所見", "所見を記す"],
];

async function officerForms(plan) {
  const described = await stepForms();
  const steps = new Map(described.steps.map((s) => [s.operation, s]));
  const closed = fiscalYearOf(todayTokyo()) - 1;
  const values = (operation, i) => {
    const latest = i.years.filter((y) => y.actual !== null).at(-1);
    if (operation === "SetIndicatorTarget") {
      return { fiscalYear: i.targetFiscalYear ?? closed + 1, value: i.target, wording: i.targetWording || "" };
    }
    if (operation === "SetIndicatorBaseline") return { value: i.baseline, period: i.baselinePeriod || "" };
    if (operation === "CommentOnIndicator") return { fiscalYear: latest?.fiscalYear ?? closed, commentary: latest?.commentary || "" };
    return { fiscalYear: closed };
  };
  const offered = OFFICER_STEPS.filter(([operation]) => steps.has(operation) && hasOperation(operation));
  return {
    offered: (i) => offered.filter(([operation]) => !(operation === "ReportIndicatorActual" && i.kind === "DERIVED")),
    form: (operation, what, i) =>
      stepForm(
        givenStep(steps.get(operation), `${i.code}の${what}`, { plan, code: i.code }),
        { vocabulary: {}, inputs: described.inputs, values: values(operation, i), onDone: redrawView },
      ),
  };
}
