// A success story as the library shows it: its card in a list, and its text (きっかけ, 参加団体と
// 役割, 協働の形態, 成果, 教訓, 概要) — on its own page and, one after another, in a 事例集.
import { dateLabel, figure, fiscalYearLabel, h, head, link } from "./ui.js";

// A person's name is never in the library (a pro bono worker's): their kind says who took part.
export const partyName = (p) => p.name ?? `氏名非公開の${p.kindLabel}`;

export function card(node, level = "h2") {
  return h("li", { class: "card" },
    h(level, {}, link(`#/library/${encodeURIComponent(node.id)}`, node.title)),
    h("ul", { class: "tags", "aria-label": "分類" },
      h("li", {}, node.municipalityLabel),
      h("li", {}, fiscalYearLabel(node.fiscalYear)),
      node.fieldLabels.map((f) => h("li", {}, f)),
      node.sdgs.length ? h("li", {}, `SDGs ${node.sdgs.join("・")}`) : null),
    h("p", {}, node.summary),
    h("p", { class: "meta" },
      `参加団体: ${node.parties.map((p) => `${partyName(p)}（${p.roleLabel}）`).join("、")}`),
    h("p", { class: "meta" }, `会議での共有 ${node.presentedCount}回・横展開 ${node.replicatedCount}件・${node.number}`));
}

// The story's text under its title: `level`, the level of its sections' headings.
export function storyText(node, level = "h2") {
  const figures = node.outcomeFigures.length
    ? h("table", {},
        h("caption", {}, "成果の数値"),
        head(["指標", "実績値", "目標値", "単位"], ["実績値", "目標値"]),
        h("tbody", {}, node.outcomeFigures.map((f) =>
          h("tr", {}, h("td", {}, f.indicator), h("td", { class: "number" }, figure(f.actual)), h("td", { class: "number" }, figure(f.target)), h("td", {}, f.unit)))))
    : null;
  return [
    h("ul", { class: "tags", "aria-label": "分類" },
      h("li", {}, node.municipalityLabel), h("li", {}, fiscalYearLabel(node.fiscalYear)),
      node.fieldLabels.map((f) => h("li", {}, f)), h("li", {}, node.number)),
    h("p", {}, node.summary),
    h("section", {}, h(level, {}, "きっかけ"), h("p", {}, node.howStarted)),
    h("section", {}, h(level, {}, "参加団体と役割"),
      h("ul", {}, node.parties.map((p) =>
        h("li", {}, p.name ? `${p.name}（${p.kindLabel}）: ${p.roleLabel}` : `${partyName(p)}: ${p.roleLabel}`)))),
    h("section", {}, h(level, {}, "協働の形態"), h("p", {}, node.formLabel || "—")),
    h("section", {}, h(level, {}, "成果"), h("p", {}, node.outcomes), figures),
    h("section", {}, h(level, {}, "教訓"), h("p", {}, node.lessons)),
    h("section", {}, h(level, {}, "概要"),
      h("dl", {},
        h("dt", {}, "SDGs"), h("dd", {}, node.sdgs.length ? node.sdgs.map((s) => `目標${s}`).join("、") : "—"),
        h("dt", {}, "期間"), h("dd", {}, node.durationDays != null ? `${node.durationDays}日` : "—"),
        h("dt", {}, "公開日"), h("dd", {}, dateLabel(node.publishedOn)),
        h("dt", {}, "会議での共有"), h("dd", {}, `${node.presentedCount}回`),
        h("dt", {}, "横展開"), h("dd", {}, `${node.replicatedCount}件`))),
  ];
}
