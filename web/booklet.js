// 事例集を作る: the stories a library search finds, or those a meeting shared (its handout), as
// a booklet to print — a cover (its title, who issues it and when, how many stories), the
// contents, then each story on pages of its own. Cities make one each year (seed 004, NO 27:
// 活動事例集、協働事例集の作成). Nothing is recorded: the title, the issuer, the order and the
// stories left out live in the form.
import { run } from "./graphql.js";
import { storyText } from "./story.js";
import { dateLabel, field, fiscalYearLabel, h, link, put, select, todayTokyo, wareki } from "./ui.js";
import { labelOf, terms } from "./vocabulary.js";

// The most stories a booklet takes (one page of the library, its largest): beyond, narrow the search.
export const MOST = 100;

const ORDERS = [
  ["year", "年度の古い順（同じ年度は市町の順）"],
  ["newest", "公開日の新しい順"],
  ["given", "検索結果の順"],
];

const byYear = (a, b) =>
  a.fiscalYear - b.fiscalYear || a.municipality.localeCompare(b.municipality) || a.number.localeCompare(b.number);
const byNewest = (a, b) => (b.publishedOn || "").localeCompare(a.publishedOn || "") || a.number.localeCompare(b.number);

function ordered(stories, order) {
  if (order === "given") return stories;
  return [...stories].sort(order === "newest" ? byNewest : byYear);
}

// The search's stories, whole: one page of at most MOST, and how many the search found.
async function found(text, filter) {
  const page = (await run("LibraryBooklet", { query: text, filter, first: MOST })).successCases;
  return { stories: page.edges.map((e) => e.node), total: page.totalCount };
}

// The title a booklet starts with: the fiscal year and the city searched for, if any.
function defaultTitle(filter, stories) {
  const year = filter.fiscalYear ? `${wareki(filter.fiscalYear)} ` : "";
  const city = filter.municipality && stories.length ? `${stories[0].municipalityLabel} ` : "";
  return `${year}${city}協働事例集`;
}

// A booklet of a library search: its words and facets.
export async function searchBooklet(view, text, filter, back, session) {
  const { stories, total } = await found(text, filter);
  return booklet(view, session, {
    stories,
    note: total > stories.length
      ? `検索結果${total}件のうち、最初の${stories.length}件で作りました。条件を絞ると、すべてを載せられます。`
      : null,
    back: link(back, "検索結果へ戻る"),
    given: { title: defaultTitle(filter, stories), subtitle: text ? `「${text}」の事例` : "", issuer: session.viewer?.centreName || "", issued: todayTokyo() },
    order: "year",
  });
}

// A meeting's handout: the stories it shared, in the order they were shared, under its title,
// its host and its day. A case not in the library (never published, or withdrawn since) is
// left out, and said so.
export async function meetingBooklet(view, meetingId, session) {
  const meeting = (await run("MeetingHandout", { id: meetingId })).node;
  if (!meeting) {
    put(view, h("h1", { tabindex: "-1" }, "会議が見つかりません"));
    return;
  }
  const read = await Promise.all(meeting.presentedCases.map((c) => run("SuccessStory", { id: c.storyId }).then((d) => d.node)));
  const stories = read.filter(Boolean);
  const vocabulary = await terms();
  const gone = meeting.presentedCases.length - stories.length;
  return booklet(view, session, {
    stories,
    note: gone ? `共有した事例のうち${gone}件は、事例集に公開されていない（取り下げられた）ため載せていません。` : null,
    back: link(`#/meetings?fiscalYear=${meeting.fiscalYear}`, "会議の一覧へ戻る"),
    given: { title: meeting.title, subtitle: "共有事例", issuer: labelOf(vocabulary.centres, meeting.hostCentre), issued: meeting.heldOn },
    order: "given",
    givenLabel: "会議で共有した順",
  });
}

async function booklet(view, session, { stories, note, back, given, order: start, givenLabel }) {
  const heading = h("h1", { tabindex: "-1", class: "no-print" }, "事例集を作る");
  const breadcrumb = h("p", { class: "breadcrumb" }, back);
  if (!stories.length) {
    put(view, breadcrumb, heading, h("p", {}, "載せる事例がありません。検索の条件を変えてください。"));
    return;
  }
  const title = h("input", { type: "text", name: "title", value: given.title, required: true });
  const subtitle = h("input", { type: "text", name: "subtitle", value: given.subtitle });
  const issuer = h("input", { type: "text", name: "issuer", value: given.issuer });
  const issued = h("input", { type: "date", name: "issued", value: given.issued });
  const orders = ORDERS.map(([code, label]) => [code, code === "given" && givenLabel ? givenLabel : label]);
  const order = select(orders, start, { name: "order" });
  const boxes = stories.map((node) =>
    h("div", { class: "checkbox" },
      h("input", { type: "checkbox", id: `booklet-${node.caseId}`, value: node.id, checked: true }),
      h("label", { for: `booklet-${node.caseId}` }, `${node.title}（${node.municipalityLabel}・${wareki(node.fiscalYear)}）`)));
  const legend = h("legend", {});
  const printButton = h("button", { type: "button", class: "primary", onclick: () => window.print() }, "事例集を印刷する");
  const form = h("form", { class: "panel booklet-settings", "aria-label": "事例集の設定", onsubmit: (e) => e.preventDefault() },
    field("booklet-title", "表題", title),
    field("booklet-subtitle", "副題", subtitle, "空欄なら表紙に載せません"),
    field("booklet-issuer", "発行者", issuer),
    field("booklet-issued", "発行日", issued),
    field("booklet-order", "並び順", order),
    h("fieldset", {}, legend, h("div", { class: "checkboxes" }, boxes)));
  const preview = h("div", {});
  const draw = () => {
    const chosen = new Set(boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value));
    const kept = ordered(stories, order.value).filter((node) => chosen.has(node.id));
    legend.textContent = `載せる事例（${stories.length}件中${kept.length}件）`;
    printButton.disabled = !kept.length;
    preview.replaceChildren(pages(kept, {
      title: title.value.trim() || given.title,
      subtitle: subtitle.value.trim(),
      issuer: issuer.value.trim(),
      issued: issued.value,
    }));
  };
  form.addEventListener("input", draw);
  form.addEventListener("change", draw);
  draw();
  put(view,
    breadcrumb,
    heading,
    h("p", { class: "no-print" }, "表紙、目次、事例ごとのページの順に印刷します。ブラウザの印刷でPDFにも保存できます。"),
    note ? h("p", { class: "notice no-print", role: "status" }, note) : null,
    form,
    h("div", { class: "actions" }, printButton),
    preview);
}

// The booklet itself: the cover, the contents, each story (its sections' headings one level down).
function pages(kept, { title, subtitle, issuer, issued }) {
  const years = [...new Set(kept.map((n) => n.fiscalYear))].sort((a, b) => a - b);
  const span = years.length ? (years.length === 1 ? fiscalYearLabel(years[0]) : `${wareki(years[0])}〜${wareki(years.at(-1))}`) : "";
  return h("article", { class: "booklet", "aria-label": title },
    h("section", { class: "booklet-cover" },
      h("p", { class: "booklet-title" }, title),
      subtitle ? h("p", { class: "booklet-subtitle" }, subtitle) : null,
      h("p", {}, `収録事例 ${kept.length}件${span ? `（${span}）` : ""}`),
      h("p", { class: "booklet-issued" }, dateLabel(issued)),
      issuer ? h("p", { class: "booklet-issuer" }, issuer) : null),
    h("section", { class: "booklet-contents", "aria-labelledby": "booklet-contents" },
      h("h2", { id: "booklet-contents" }, "目次"),
      h("ol", {}, kept.map((node) =>
        h("li", {}, h("span", { class: "booklet-heading" }, node.title), `　${node.municipalityLabel}・${wareki(node.fiscalYear)}`)))),
    kept.map((node, index) =>
      h("article", { class: "booklet-story", "aria-labelledby": `booklet-story-${index + 1}` },
        h("h2", { id: `booklet-story-${index + 1}` }, h("span", { class: "booklet-number" }, `事例${index + 1}`), node.title),
        storyText(node, "h3"))));
}
