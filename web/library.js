// Meetings: the success-case library (search, facets with counts), a case's story, similar
// cases, recording a presentation and a follow-up, and paper (print.css) for both.
import { meetingBooklet, searchBooklet } from "./booklet.js";
import { hasOperation, run } from "./graphql.js";
import { takenUp } from "./follow_ups.js";
import { card, storyText } from "./story.js";
import { alertBox, announce, dateLabel, field, fiscalYearLabel, h, link, put, select, submitting, wide } from "./ui.js";
import { labelOf, terms } from "./vocabulary.js";
import { exportButtons } from "./xlsx.js";

const FACETS = [
  ["municipality", "市町"],
  ["fiscalYear", "年度"],
  ["field", "活動分野"],
  ["sdg", "SDGs"],
  ["partyKind", "団体の種類"],
];
const NUMERIC = new Set(["fiscalYear", "sdg"]);

export async function render(view, route, session) {
  if (route.parts[1] === "booklet") {
    if (route.query.get("meeting")) return meetingBooklet(view, route.query.get("meeting"), session);
    const { text, filter } = searchOf(route.query);
    return searchBooklet(view, text, filter, `#/library?${route.query}`, session);
  }
  if (route.parts[1]) return story(view, route.parts[1], session);
  return search(view, route.query);
}

// The search an address asks for: its words and the facets chosen.
function searchOf(query) {
  const filter = {};
  for (const [name] of FACETS) {
    const value = query.get(name);
    if (value) filter[name] = NUMERIC.has(name) ? Number(value) : value;
  }
  const shared = PRESENTED.find(([value]) => value && value === query.get("presented"));
  if (shared) filter.presented = shared[1];
  return { text: query.get("q") || "", filter };
}

// 会議での共有: every story, those no meeting has shared yet (the next meeting's candidates),
// or those shared at least once — as the address writes it, what it means, and its label.
const PRESENTED = [
  ["", null, "すべて"],
  ["no", false, "まだ会議で共有していない"],
  ["yes", true, "会議で共有したことがある"],
];

async function search(view, query) {
  const { text, filter } = searchOf(query);
  const data = await run("SearchLibrary", { query: text, filter, first: 20, after: query.get("after") || null });
  const found = data.successCases;
  const go = (form) => {
    const chosen = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) chosen.set(k, v);
    location.hash = `#/library?${chosen}`;
  };
  const facets = FACETS.map(([name, label]) => {
    const counts = found.facets[name] || [];
    const options = [["", "すべて"], ...counts.map((c) => [c.value, `${name === "fiscalYear" ? fiscalYearLabel(Number(c.value)) : c.label}（${c.count}件）`])];
    const chosen = query.get(name);
    if (chosen && !counts.some((c) => String(c.value) === chosen)) options.push([chosen, `${chosen}（0件）`]);
    const control = select(options, chosen, { name, onchange: (event) => go(event.target.form) });
    return field(`facet-${name}`, label, control);
  });
  const form = h("form", { class: "filters facets", role: "search", "aria-label": "事例の検索", onsubmit: (e) => { e.preventDefault(); go(e.target); } },
    wide(field("library-q", "キーワード", h("input", { type: "search", name: "q", value: text }), "例: 子ども食堂、防災、買い物支援")),
    facets,
    field("facet-presented", "会議での共有",
      select(PRESENTED.map(([value, , label]) => [value, label]), query.get("presented") || "", { name: "presented", onchange: (event) => go(event.target.form) })),
    h("button", { type: "submit", class: "primary" }, "検索する"));
  const heading = text ? `「${text}」の検索結果` : "成功事例集";
  const next = found.pageInfo.hasNextPage
    ? link(`#/library?${new URLSearchParams({ ...Object.fromEntries(query), after: found.pageInfo.endCursor })}`, "次の20件")
    : null;
  put(view,
    h("h1", { tabindex: "-1" }, heading),
    form,
    h("div", { class: "actions" },
      h("p", { id: "result-count", role: "status" }, `${found.totalCount}件の事例`),
      h("button", { type: "button", class: "secondary", onclick: () => window.print() }, "一覧を印刷する"),
      found.totalCount ? link(`#/library/booklet?${pageless(query)}`, "この検索結果で事例集を作る", { class: "button secondary" }) : null),
    h("ul", { class: "cards", "aria-label": "事例" }, found.edges.map((e) => card(e.node))),
    found.edges.length ? null : h("p", {}, "該当する事例はありません。キーワードや絞り込みを変えてください。"),
    next ? h("p", {}, next) : null,
    found.totalCount ? exportButtons("library", searched(text, filter), "この検索結果", "library-download") : null,
  );
}

// The address's search without its page: a booklet takes every page.
function pageless(query) {
  const kept = new URLSearchParams(query);
  kept.delete("after");
  return kept;
}

// The search as the API's export of the library takes it: the words, then the facets chosen.
function searched(text, filter) {
  const asked = new URLSearchParams();
  if (text) asked.set("query", text);
  for (const [name, value] of Object.entries(filter)) asked.set(name, String(value));
  return asked;
}

async function story(view, id, session) {
  const [data, similar] = await Promise.all([
    run("SuccessStory", { id }),
    run("SimilarCases", { id, first: 5 }).catch(() => ({ similarCases: [] })),
  ]);
  const node = data.node;
  if (!node) {
    put(view, h("h1", { tabindex: "-1" }, "事例が見つかりません"), alertBox("公開されていないか、取り下げられた事例です"));
    return;
  }
  put(view,
    h("p", { class: "breadcrumb" }, link("#/library", "事例集へ戻る")),
    h("article", { class: "story" }, h("h1", { tabindex: "-1" }, node.title), storyText(node)),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: () => window.print() }, "この事例を印刷する")),
    h("section", { class: "no-print" }, h("h2", {}, "似ている事例"),
      similar.similarCases.length
        ? h("ul", { class: "cards" }, similar.similarCases.map((c) => card(c, "h3")))
        : h("p", {}, "似ている事例はまだありません")),
    await sharedAt(node, session),
    await meetingForms(node),
  );
}

// この事例を共有した会議: each meeting that shared the story, newest first, with the follow-ups
// it agreed for it and how far each has gone (進み具合, as on the meetings page). Nothing for a
// story no meeting has shared, or a role that does not read the meetings.
async function sharedAt(node, session) {
  let meetings;
  try {
    const found = await run("Meetings", { filter: { sharedCase: node.caseId }, first: 20 });
    meetings = found.meetings.edges.map((e) => e.node);
  } catch {
    return null;
  }
  if (!meetings.length) return null;
  const vocabulary = await terms();
  const centre = (code) => labelOf(vocabulary.centres, code);
  return h("section", { class: "no-print", "aria-labelledby": "shared-at" },
    h("h2", { id: "shared-at" }, "この事例を共有した会議"),
    h("ul", { class: "shared-at" }, meetings.map((m) => {
      const agreed = m.followUps.filter((f) => f.caseId === node.caseId);
      return h("li", {},
        h("p", {}, `${dateLabel(m.heldOn)} ${m.title}（主催 ${centre(m.hostCentre)}）`),
        agreed.length
          ? h("ul", {}, agreed.map((f) => h("li", {},
              `横展開: ${labelOf(vocabulary.municipalities, f.municipality)}（${centre(f.ownerCentre)}）${f.action ? `「${f.action}」` : ""} — `,
              takenUp(f, centre, session.viewer))))
          : h("p", { class: "hint" }, "横展開の取り決めはありません"));
    })));
}

async function meetingForms(node) {
  if (!hasOperation("PresentAtMeeting")) return null;
  let meetings;
  try {
    meetings = (await run("Meetings", { first: 50 })).meetings.edges.map((e) => e.node);
  } catch {
    return null; // a role that may not read the meetings does not record them either
  }
  const vocabulary = await terms();
  const summary = h("div", {});
  const meetingChoice = select(meetings.map((m) => [m.id, `${dateLabel(m.heldOn)} ${m.title}`]), null, { name: "meetingId" });
  const municipality = select([["", "（横展開しない）"], ...vocabulary.municipalities.map((t) => [t.code, t.ja])], "", { name: "municipality" });
  const owner = select(vocabulary.centres.map((t) => [t.code, t.ja]), "", { name: "ownerCentre" });
  const action = h("input", { type: "text", name: "action" });
  const button = h("button", { type: "submit", class: "primary" }, "会議で共有したことを記録する");
  const write = async (operation, input) => {
    const result = Object.values(await run(operation, { input }))[0];
    if (!result.__typename.endsWith("Payload")) throw new Error(result.message);
  };
  const form = h("form", {
    class: "panel",
    onsubmit: submitting(
      button,
      summary,
      async () => {
        await write("PresentAtMeeting", { meetingId: meetingChoice.value, caseId: node.caseId });
        if (municipality.value) {
          await write("AgreeFollowUp", {
            meetingId: meetingChoice.value, caseId: node.caseId, municipality: municipality.value,
            ownerCentre: owner.value, action: action.value,
          });
        }
        summary.replaceChildren(h("p", { class: "notice", role: "status" }, "記録しました"));
        announce("記録しました");
      },
      (error) => alertBox(error.message, "記録できませんでした"),
    ),
  },
    h("h2", {}, "会議での共有と横展開"), summary,
    field("present-meeting", "会議", meetingChoice),
    field("follow-municipality", "横展開する市町", municipality, "決まった場合だけ選んでください"),
    field("follow-owner", "担当するセンター", owner),
    field("follow-action", "横展開の内容", action),
    button);
  return h("section", { class: "no-print" }, form);
}
