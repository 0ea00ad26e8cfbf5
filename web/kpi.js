// KPI: the fiscal year's table per municipality (基準値・実績値・目標値), a chart drawn as
// inline SVG, and the table as CSV (UTF-8 with BOM, so that Excel reads the Japanese) or .xlsx.
import { run } from "./graphql.js";
import { givenStep, stepForm, stepForms } from "./forms.js";
import { dateLabel, dateTimeLabel, field, figure, fiscalYearLabel, fiscalYearOf, h, head, opener, put, redrawView, select, todayTokyo } from "./ui.js";
import { labelOf, personOf, staffNames, terms } from "./vocabulary.js";
import { downloads } from "./xlsx.js";

const SVG = "http://www.w3.org/2000/svg";
const YEARS_IN_CHART = 5;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  element.append(...children);
  return element;
}

export async function render(view, route, session) {
  const q = route.query;
  const vocabulary = await terms();
  const current = fiscalYearOf(todayTokyo());
  const year = Number(q.get("fiscalYear") || current);
  const municipality = q.get("municipality") || null;
  const table = (await run("KpiTable", { fiscalYear: year, municipality })).kpi;
  const indicator = q.get("indicator") || table.rows[0]?.indicator;
  const years = Array.from({ length: YEARS_IN_CHART }, (_, i) => year - YEARS_IN_CHART + 1 + i);
  const chartHolder = h("div", { "aria-live": "polite" });
  // The chart's other years come after the table: the table is the first screen.
  Promise.all(
    years.map((y) =>
      run("KpiTable", { fiscalYear: y, municipality })
        .then((d) => d.kpi.rows.find((r) => r.indicator === indicator))
        .catch(() => null),
    ),
  ).then((series) =>
    chartHolder.replaceChildren(chart(series, years, table.rows.find((r) => r.indicator === indicator)?.label || "", place)),
  );
  const place = municipality ? labelOf(vocabulary.municipalities, municipality) : "山口県全体";
  const go = (form) => {
    const chosen = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) chosen.set(k, v);
    location.hash = `#/kpi?${chosen}`;
  };
  const yearOptions = Array.from({ length: 8 }, (_, i) => current - i).map((y) => [y, fiscalYearLabel(y)]);
  const form = h("form", { class: "filters", "aria-label": "表示する年度と市町", onsubmit: (e) => { e.preventDefault(); go(e.target); } },
    field("kpi-year", "年度", select(yearOptions, year, { name: "fiscalYear" })),
    field("kpi-municipality", "市町", select([["", "山口県全体"], ...vocabulary.municipalities.map((t) => [t.code, t.ja])], municipality, { name: "municipality" })),
    field("kpi-indicator", "グラフの指標", select(table.rows.map((r) => [r.indicator, r.label]), indicator, { name: "indicator" })),
    h("button", { type: "submit", class: "primary" }, "表示する"));
  const caption = `${fiscalYearLabel(year)} ${place}の評価指標`;
  const closed = Boolean(table.closing);
  // The chief sets targets and closes the year for the place shown (the prefecture or a city).
  const officer = session?.viewer.role === "CHIEF_FACILITATOR" ? await officerForms(year, municipality, vocabulary) : null;
  const labels = ["指標", "基準値", "実績値", ...(closed ? ["確定値"] : []), "目標値", ...(officer ? ["設定"] : [])];
  const rows = table.rows.map((r) => {
    const tr = h("tr", { "data-indicator": r.indicator },
      h("th", { scope: "row", "data-label": "指標" }, r.label, h("p", { class: "hint" }, r.definition)),
      h("td", { class: "number", "data-label": "基準値" }, figure(r.baseline)),
      h("td", { class: "number", "data-label": "実績値" }, figure(r.actual)),
      closed
        ? h("td", { class: "number", "data-label": "確定値" }, figure(r.reported),
          r.difference ? h("p", { class: "hint" }, `確定後の変化 ${r.difference > 0 ? "+" : ""}${figure(r.difference)}`) : null)
        : null,
      h("td", { class: "number", "data-label": "目標値" }, figure(r.target)));
    if (officer) tr.append(h("td", { class: "no-print", "data-label": "設定" }, opener(tr, "目標値を設定", `${r.label}の目標値を設定`, labels.length, () => officer.target(r))));
    return tr;
  });
  const lines = [
    ["年度", "西暦年度", "市町", "指標", "基準値", "実績値", ...(closed ? ["確定値"] : []), "目標値", "定義"],
    ...table.rows.map((r) => [fiscalYearLabel(year).split("（")[0], year, place, r.label, r.baseline ?? "", r.actual ?? "", ...(closed ? [r.reported ?? ""] : []), r.target ?? "", r.definition]),
  ];
  const offered = downloads(lines, `${year}年度`, `kyodo-kpi-${year}-${municipality || "prefecture"}`, "kpi");
  put(view,
    h("h1", { tabindex: "-1" }, "評価指標（KPI）"),
    form,
    h("div", { class: "table-wrap" },
      h("table", { class: "kpi responsive" },
        h("caption", {}, caption),
        head(labels, ["基準値", "実績値", "確定値", "目標値"]),
        h("tbody", {}, rows))),
    closing(table, officer, place, year, await staffNames()),
    // the rule's Japanese sentence (the API gives it in English after it, for other readers)
    h("p", { class: "hint", id: "kpi-rounding" }, `数値の丸め: ${table.rounding.split("。")[0]}。`),
    h("div", { class: "actions" }, offered.links),
    chartHolder,
  );
  return offered.revoke;
}

// The year's closing (実績の確定): when and by whom, the steps recorded since that changed its
// figures; for the chief, closing it.
function closing(table, officer, place, year, names) {
  if (!table.closing) {
    if (!officer) return null;
    return h("details", { class: "panel no-print", id: "kpi-close" },
      h("summary", {}, `${fiscalYearLabel(year)} ${place}の実績を確定する`),
      h("p", { class: "hint" }, "確定すると、その時点の実績値が確定値として残ります。確定後に記録された手続きで実績値が変わると、その差と手続きが示されます。"),
      officer.close());
  }
  const c = table.closing;
  const later = table.laterChanges;
  return h("section", { id: "kpi-closing", class: "notice" },
    h("p", {}, `この年度の実績は${dateLabel(c.closedOn)}に確定しました（記録 ${dateTimeLabel(c.closedAt)}・`, h("span", { class: "closed-by", title: c.closedBy }, personOf(names, c.closedBy)), "）。"),
    later.length
      ? [h("p", {}, `確定後に記録され、実績値を変えた手続き（${later.length}件）:`),
        h("ul", {}, later.map((l) => h("li", {}, `${dateTimeLabel(l.recordedAt)} ${l.step}（版${l.caseVersion}）`)))]
      : h("p", {}, "確定後に実績値を変えた手続きはありません。"));
}

// The chief's forms for the year and place shown: a target (and baseline) per indicator,
// and the closing; each draws the table again once recorded.
async function officerForms(year, municipality, vocabulary) {
  const described = await stepForms();
  const step = (name) => described.steps.find((s) => s.operation === name);
  const context = (values = {}) => ({ vocabulary, inputs: described.inputs, values, onDone: redrawView });
  const target = step("SetKpiTarget");
  const close = step("CloseFiscalYear");
  if (!target || !close) return null;
  return {
    target: (row) => stepForm(
      givenStep(target, `${row.label}の目標値`, { fiscalYear: year, municipality, indicator: row.indicator }),
      context({ target: row.target, baseline: row.baseline }),
    ),
    close: () => stepForm(givenStep(close, "実績の確定", { fiscalYear: year, municipality }), context()),
  };
}

function chart(series, years, label, place) {
  // Bars: 実績値 per fiscal year; a dark tick: 目標値 where one is set.
  const width = 640;
  const height = 280;
  const left = 56;
  const bottom = 56;
  const top = 24;
  const values = series.flatMap((r) => [r?.actual ?? 0, r?.target ?? 0]);
  const max = Math.max(1, ...values);
  const scale = (v) => ((height - bottom - top) * v) / max;
  const band = (width - left - 16) / years.length;
  const title = `${place}・${label}の推移（${fiscalYearLabel(years[0])}〜${fiscalYearLabel(years.at(-1))}）`;
  const parts = [svg("title", { id: "chart-title" }, title)];
  parts.push(svg("line", { x1: left, y1: height - bottom, x2: width - 8, y2: height - bottom, stroke: "#1a1a1a" }));
  parts.push(svg("text", { x: left - 8, y: top + 4, "text-anchor": "end", "font-size": "12", fill: "#1a1a1a" }, figure(max)));
  parts.push(svg("text", { x: left - 8, y: height - bottom, "text-anchor": "end", "font-size": "12", fill: "#1a1a1a" }, "0"));
  series.forEach((row, i) => {
    const x = left + i * band + band * 0.2;
    const w = band * 0.6;
    const actual = row?.actual ?? 0;
    parts.push(svg("rect", { x, y: height - bottom - scale(actual), width: w, height: scale(actual), fill: "#0017c1" }));
    parts.push(svg("text", { x: x + w / 2, y: height - bottom - scale(actual) - 6, "text-anchor": "middle", "font-size": "12", fill: "#1a1a1a" }, figure(row?.actual)));
    if (row?.target != null) {
      const y = height - bottom - scale(row.target);
      parts.push(svg("line", { x1: x - 4, y1: y, x2: x + w + 4, y2: y, stroke: "#1a1a1a", "stroke-width": "3", "stroke-dasharray": "6 3" }));
    }
    parts.push(svg("text", { x: x + w / 2, y: height - bottom + 20, "text-anchor": "middle", "font-size": "12", fill: "#1a1a1a" }, `${years[i]}年度`));
    parts.push(svg("text", { x: x + w / 2, y: height - bottom + 38, "text-anchor": "middle", "font-size": "11", fill: "#1a1a1a" }, fiscalYearLabel(years[i]).split("（")[0]));
  });
  const picture = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "chart-title" }, ...parts);
  return h("figure", { class: "chart" }, picture,
    h("figcaption", {}, `${title}。棒は実績値、破線は目標値（設定がある年度のみ）。`));
}
