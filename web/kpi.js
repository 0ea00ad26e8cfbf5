// KPI: the fiscal year's table per municipality (基準値・実績値・目標値), a chart drawn as
// inline SVG, and the table as CSV (UTF-8 with BOM, so that Excel reads the Japanese) or .xlsx.
import { run } from "./graphql.js";
import { field, figure, fiscalYearLabel, fiscalYearOf, h, head, put, select, todayTokyo } from "./ui.js";
import { labelOf, terms } from "./vocabulary.js";
import { downloads } from "./xlsx.js";

const SVG = "http://www.w3.org/2000/svg";
const YEARS_IN_CHART = 5;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  element.append(...children);
  return element;
}

export async function render(view, route) {
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
  const rows = table.rows.map((r) =>
    h("tr", {},
      h("th", { scope: "row", "data-label": "指標" }, r.label, h("p", { class: "hint" }, r.definition)),
      h("td", { class: "number", "data-label": "基準値" }, figure(r.baseline)),
      h("td", { class: "number", "data-label": "実績値" }, figure(r.actual)),
      h("td", { class: "number", "data-label": "目標値" }, figure(r.target))));
  const lines = [
    ["年度", "西暦年度", "市町", "指標", "基準値", "実績値", "目標値", "定義"],
    ...table.rows.map((r) => [fiscalYearLabel(year).split("（")[0], year, place, r.label, r.baseline ?? "", r.actual ?? "", r.target ?? "", r.definition]),
  ];
  const offered = downloads(lines, `${year}年度`, `kyodo-kpi-${year}-${municipality || "prefecture"}`, "kpi");
  put(view,
    h("h1", { tabindex: "-1" }, "評価指標（KPI）"),
    form,
    h("div", { class: "table-wrap" },
      h("table", { class: "kpi responsive" },
        h("caption", {}, caption),
        head(["指標", "基準値", "実績値", "目標値"], ["基準値", "実績値", "目標値"]),
        h("tbody", {}, rows))),
    // the rule's Japanese sentence (the API gives it in English after it, for other readers)
    h("p", { class: "hint", id: "kpi-rounding" }, `数値の丸め: ${table.rounding.split("。")[0]}。`),
    h("div", { class: "actions" }, offered.links),
    chartHolder,
  );
  return offered.revoke;
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
