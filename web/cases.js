// Facilitators: their cases, one case's timeline (live), and a form per step.
import { allPages, hasOperation, run, subscribe } from "./graphql.js";
import { takeUpLink } from "./follow_ups.js";
import { correctableFields, correctionForm, correctionsInWords, partyLabel, stepForm, stepForms } from "./forms.js";
import {
  alertBox, announce, dateLabel, dateTimeLabel, field, filterForm, fiscalYearLabel, fiscalYearOf, h, head, link, put, select, todayTokyo, wide,
} from "./ui.js";
import { exportButtons } from "./xlsx.js";
import { MATCH_STATUS, forgetParties, labelOf, partyList, personOf, staffList, staffNames, terms } from "./vocabulary.js";

const NEXT_STEP = {
  INTAKE: "HoldHearing",
  COORDINATING: "JoinParty",
  AGREED: "CarryOutActivity",
  IN_PROGRESS: "CarryOutActivity",
  REVIEWING: "CloseCase",
  CLOSED: "AddNote",
};
const NOT_CASE_STEPS = new Set(["ReceiveConsultation", "PresentAtMeeting"]);

export async function render(view, route, session) {
  if (route.parts[1] === "new") return newCase(view, session, route.query);
  if (route.parts[1] === "party") return newParty(view, session, route.query.get("from") === "parties");
  if (route.parts[1]) return casePage(view, route.parts[1], session);
  return caseList(view, route, session);
}

const ATTENTION_ROLES = new Set(["FACILITATOR", "CHIEF_FACILITATOR"]);

// 要対応リスト: the open cases of the user's centre that need attention today (quiet for too
// long, a next action due, an agreed period ending, a review due), the longest due first;
// "mine only" narrows it to the user's own cases. Above the case list, for facilitators and
// chief facilitators of a centre.
function attentionPanel(session, vocabulary) {
  const viewer = session.viewer;
  if (!ATTENTION_ROLES.has(viewer.role) || !viewer.centre || !hasOperation("AttentionList")) return null;
  const body = h("div", { id: "attention-items" }, h("p", { class: "hint" }, "読み込み中…"));
  const summary = h("summary", {}, "要対応の案件");
  const mine = h("input", { type: "checkbox", id: "attention-mine" });
  const show = async () => {
    try {
      const asked = mine.checked ? { facilitatorId: viewer.userId } : {};
      const [data, names] = await Promise.all([run("AttentionList", asked), staffNames()]);
      const items = data.attentionList;
      summary.textContent = `要対応の案件（${items.length}件）`;
      panel.dataset.shown = mine.checked ? "mine" : "centre";
      body.replaceChildren(
        items.length
          ? h("div", { class: "table-wrap" },
              h("table", { class: "attention-list responsive" },
                head(["案件番号", "案件名", "状態", "担当", "対応が必要な理由"]),
                h("tbody", {}, items.map((item) =>
                  h("tr", {},
                    h("td", { class: "nowrap", "data-label": "案件番号" }, link(`#/cases/${encodeURIComponent(item.number)}`, item.number)),
                    h("td", { "data-label": "案件名" }, item.title),
                    h("td", { "data-label": "状態" }, labelOf(vocabulary.caseStates, item.state)),
                    h("td", { class: "nowrap", title: item.facilitatorId, "data-label": "担当" }, personOf(names, item.facilitatorId)),
                    h("td", { "data-label": "対応が必要な理由" }, h("ul", { class: "reasons" }, item.reasons.map((r) =>
                      h("li", {}, h("strong", {}, r.label), `：${r.message}（${dateLabel(r.dueOn)}から要対応）`)))),
                  ))),
              ))
          : h("p", {}, "いま対応が必要な案件はありません"),
      );
    } catch (error) {
      body.replaceChildren(alertBox(error.message || String(error), "要対応の案件を読み込めませんでした", error.code));
    }
  };
  const panel = h("details", { class: "attention", id: "attention", open: true },
    summary,
    h("p", { class: "checkbox" }, mine, h("label", { for: "attention-mine" }, "自分の担当だけ")),
    body);
  mine.addEventListener("change", show);
  show();
  return panel;
}

// 自センターが担当する横展開: the follow-ups that meetings gave the user's centre and that no
// case has taken up yet (none received in that city naming the story as its 横展開元) nor the
// meeting given up, each
// with the step that takes it up. Shown only when there is one.
function followUpPanel(session) {
  const viewer = session.viewer;
  if (!ATTENTION_ROLES.has(viewer.role) || !viewer.centre || !hasOperation("ReceiveConsultation")) return null;
  const panel = h("details", { class: "attention", id: "follow-ups", open: true, hidden: true });
  (async () => {
    const [data, vocabulary] = await Promise.all([
      run("Meetings", { filter: { followUpOwner: viewer.centre }, first: 50 }),
      terms(),
    ]);
    const waiting = data.meetings.edges.flatMap(({ node }) => node.followUps
      .filter((f) => f.ownerCentre === viewer.centre && !f.replications.length && !f.droppedOn)
      .map((f) => ({ meeting: node, followUp: f, shared: node.presentedCases.find((c) => c.caseId === f.caseId) })));
    if (!waiting.length) return;
    panel.append(
      h("summary", {}, `自センターが担当する横展開（まだ案件のないもの ${waiting.length}件）`),
      h("div", { class: "table-wrap" },
        h("table", { class: "follow-ups responsive" },
          head(["会議", "事例", "横展開する市町", "内容", "次の手続き"]),
          h("tbody", {}, waiting.map(({ meeting, followUp, shared }) =>
            h("tr", {},
              h("td", { "data-label": "会議" }, `${dateLabel(meeting.heldOn)} ${meeting.title}`),
              h("td", { "data-label": "事例" }, shared ? link(`#/library/${encodeURIComponent(shared.storyId)}`, `${shared.number} ${shared.title}`) : "—"),
              h("td", { class: "nowrap", "data-label": "横展開する市町" }, labelOf(vocabulary.municipalities, followUp.municipality)),
              h("td", { "data-label": "内容" }, followUp.action || "—"),
              h("td", { class: "nowrap", "data-label": "次の手続き" }, takeUpLink(followUp))))))));
    panel.hidden = false;
  })().catch(() => {}); // a list that cannot be read leaves the page as it is
  return panel;
}


function fiscalYears() {
  const current = fiscalYearOf(todayTokyo());
  return Array.from({ length: 6 }, (_, i) => current - i);
}

async function caseList(view, route, session) {
  const q = route.query;
  const vocabulary = await terms();
  const filter = {};
  if (q.get("state")) filter.state = q.get("state");
  if (q.get("municipality")) filter.municipality = q.get("municipality");
  if (q.get("fiscalYear")) filter.fiscalYear = Number(q.get("fiscalYear"));
  if (q.get("number")) filter.number = q.get("number");
  if (q.get("text")) filter.text = q.get("text");
  if (q.get("mine")) filter.facilitatorId = session.viewer.userId;
  const [data, names] = await Promise.all([
    run("MyCases", { filter, first: 20, after: q.get("after") || null }),
    staffNames(),
  ]);
  const form = filterForm("cases", "案件の絞り込み",
    wide(field("filter-text", "キーワード", h("input", { type: "search", name: "text", value: q.get("text") || "", maxlength: "200" }), "案件名か地域課題に含まれる語。空白で区切ると、そのすべてを含む案件（カタカナとひらがな、全角と半角は区別しません）")),
    field("filter-state", "状態", select([["", "すべて"], ...vocabulary.caseStates.map((t) => [t.code.toUpperCase(), t.ja])], q.get("state"), { name: "state" })),
    field("filter-municipality", "市町", select([["", "すべて"], ...vocabulary.municipalities.map((t) => [t.code, t.ja])], q.get("municipality"), { name: "municipality" })),
    field("filter-year", "年度", select([["", "すべて"], ...fiscalYears().map((y) => [y, fiscalYearLabel(y)])], q.get("fiscalYear"), { name: "fiscalYear" })),
    field("filter-number", "案件番号", h("input", { type: "text", name: "number", value: q.get("number") || "" }), "番号の全部または先頭（例: 山口-2024）"),
    h("p", { class: "checkbox" },
      h("input", { type: "checkbox", id: "filter-mine", name: "mine", value: "1", checked: Boolean(q.get("mine")) }),
      h("label", { for: "filter-mine" }, "自分が担当する案件だけ")),
    h("button", { type: "submit", class: "primary" }, "絞り込む"),
  );
  const cases = data.cases;
  const rows = cases.edges.map(({ node }) =>
    h("tr", {},
      h("td", { class: "nowrap", "data-label": "案件番号" }, link(`#/cases/${encodeURIComponent(node.number)}`, node.number)),
      h("td", { "data-label": "案件名" }, node.title),
      h("td", { "data-label": "状態" }, labelOf(vocabulary.caseStates, node.state)),
      h("td", { "data-label": "市町" }, labelOf(vocabulary.municipalities, node.municipality)),
      h("td", { title: node.facilitatorId, "data-label": "担当" }, personOf(names, node.facilitatorId)),
      h("td", { "data-label": "最終手続き日" }, dateLabel(node.lastStepOn)),
      h("td", { class: "number", "data-label": "参加団体" }, String(node.parties.filter((p) => p.active).length)),
    ),
  );
  const next = cases.pageInfo.hasNextPage
    ? link(`#/cases?${new URLSearchParams({ ...Object.fromEntries(q), after: cases.pageInfo.endCursor })}`, "次の20件")
    : null;
  put(view,
    h("div", { class: "title-row" },
      h("h1", { tabindex: "-1" }, "案件"),
      hasOperation("ReceiveConsultation") ? link("#/cases/new", "相談を受け付ける", { class: "button primary" }) : null),
    attentionPanel(session, vocabulary),
    followUpPanel(session),
    form,
    h("div", { class: "table-wrap" },
      h("table", { class: "cases responsive" },
        h("caption", {}, `案件一覧（${cases.totalCount}件）`),
        head(["案件番号", "案件名", "状態", "市町", "担当", "最終手続き日", "参加団体"], ["参加団体"]),
        h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "7" }, "該当する案件はありません"))))),
    next ? h("p", {}, next) : null,
    cases.totalCount ? listDownloads(filter) : null,
  );
}

// The list as filtered, every page of it, for a spreadsheet: the API's export of the case
// list (the cases the user may read), as CSV for Excel or as .xlsx.
function listDownloads(filter) {
  const asked = new URLSearchParams();
  if (filter.state) asked.set("state", filter.state.toLowerCase());
  if (filter.municipality) asked.set("municipality", filter.municipality);
  if (filter.fiscalYear) asked.set("fiscalYear", String(filter.fiscalYear));
  if (filter.number) asked.set("number", filter.number);
  if (filter.text) asked.set("text", filter.text);
  if (filter.facilitatorId) asked.set("facilitator", filter.facilitatorId);
  return exportButtons("cases", asked, "この一覧", "case-list-download");
}

function everTookPart(found) {
  // Every party of the case, withdrawn ones too: a published story may name any of them.
  return (found.parties || []).map((p) => p.partyId);
}

function takingPart(found) {
  // The parties taking part in the case now: listed first wherever a step names parties.
  return (found.parties || []).filter((p) => p.active).map((p) => p.partyId);
}

async function formContext(session, extra) {
  const [vocabulary, parties, described, staff] = await Promise.all([terms(), partyList(), stepForms(), staffList()]);
  const viewer = session.viewer;
  return { vocabulary, parties, staff, viewer, inputs: described.inputs, centre: viewer.centre, ...extra };
}

// A new case; from a follow-up its centre owns (#/cases/new?replicates=…&municipality=…), the
// case it replicates and the city filled in.
async function newCase(view, session, query) {
  const described = await stepForms();
  const step = described.steps.find((s) => s.operation === "ReceiveConsultation");
  const values = {};
  for (const name of ["replicates", "municipality"]) if (query.get(name)) values[name] = query.get(name);
  const context = await formContext(session, {
    values,
    replicable: await replicable(),
    onDone: async (result) => {
      location.hash = `#/cases/${encodeURIComponent(result.number)}`;
    },
  });
  put(view,
    h("p", { class: "breadcrumb" }, link("#/cases", "案件一覧へ戻る")),
    h("h1", { tabindex: "-1" }, "相談を受け付ける"),
    hasOperation("RegisterParty")
      ? h("p", {}, "相談者が団体一覧にないときは、先に", link("#/cases/party", "団体を登録"), "してください。")
      : null,
    stepForm(step, context),
  );
}

// The published success cases a new case may follow (横展開元の事例), newest first; null (a
// field for the ID, as before) where the library cannot be read.
async function replicable() {
  if (!hasOperation("ReplicableCases")) return null;
  try {
    const found = await allPages("ReplicableCases", "successCases", 10);
    return found.sort((a, b) => (a.publishedOn < b.publishedOn ? 1 : a.publishedOn > b.publishedOn ? -1 : 0));
  } catch {
    return null;
  }
}

// Registering a party: from the consultation form (the one consulting is not in the
// directory yet), back to it; from the directory, on to the new party's page.
async function newParty(view, session, fromDirectory) {
  const described = await stepForms();
  const step = described.steps.find((s) => s.operation === "RegisterParty");
  const context = await formContext(session, {
    onDone: async (result) => {
      forgetParties();
      location.hash = fromDirectory ? `#/parties/${encodeURIComponent(result.partyId)}` : "#/cases/new";
    },
  });
  put(view,
    h("p", { class: "breadcrumb" }, fromDirectory ? link("#/parties", "団体一覧へ戻る") : link("#/cases/new", "相談の受付へ戻る")),
    h("h1", { tabindex: "-1" }, "団体を登録する"),
    h("p", {}, "連絡先（個人情報）は暗号化して保存され、事例集には載りません。"),
    stepForm(step, context),
  );
}

// A step's sentence, the user it names by their name where the accounts have one (the read
// model, which knows no names, writes the user id: 担当ファシリテーターをfac-…に変更しました).
function named(node, names) {
  const id = node.__typename === "FacilitatorAssignedItem" ? node.details?.facilitator_id : null;
  return id ? node.summary.replace(id, personOf(names, id)) : node.summary;
}

// A step of the timeline; its corrections under it, each field it changed from what to what.
function timelineItem(node, vocabulary, correct, described, names) {
  const corrections = correctionsInWords(node, described, vocabulary).map((c) =>
    h("li", {}, `訂正（版${c.version}）：${c.changed.join("、")}（理由：${c.reason}）`));
  return h(
    "li",
    { class: `item${corrections.length ? " corrected" : ""}`, "data-version": String(node.version) },
    h("div", { class: "item-head" },
      h("span", { class: "step" }, node.label),
      h("time", { datetime: node.occurredOn }, dateLabel(node.occurredOn))),
    h("p", { class: "summary" }, node.text || named(node, names)),
    h("p", { class: "meta" },
      `版${node.version}・記録 ${dateTimeLabel(node.recordedAt)}・${personOf(names, node.actor?.userId)}（${labelOf(vocabulary.actorRoles, node.actor?.role || "")}）`),
    corrections.length ? h("ul", { class: "corrections", "aria-label": "訂正" }, corrections) : null,
    correct && correctableFields(node, described).length
      ? h("button", { type: "button", class: "secondary small", onclick: () => correct(node.version) },
          `版${node.version}を訂正する`)
      : null,
  );
}

const SUGGESTING = new Set(["ProposePartners", "JoinParty"]);

// おすすめの協働相手: under a matching proposal's or a party joining's form, the parties the
// ledger's suggestions rank for this case (same field, same or neighbouring city, success in
// similar cases), each with why; 選ぶ puts it in the form's picker (and, for a proposal, its
// reasons in the rationale). Nothing is recorded until the form is sent.
function suggestions(caseId, vocabulary, form) {
  const heading = h("h3", { id: "suggestions-heading" }, "おすすめの協働相手");
  const box = h("section", { class: "suggestions", id: "suggestions", "aria-labelledby": "suggestions-heading" },
    heading, h("p", { class: "hint" }, "読み込み中…"));
  run("SuggestedPartners", { caseId, first: 5 })
    .then(({ suggestedPartners: found }) => {
      if (!found.length) {
        box.replaceChildren(heading, h("p", {}, "いまおすすめできる団体はありません"));
        return;
      }
      box.replaceChildren(heading,
        h("p", { class: "hint" }, "活動分野・市町・似た案件での協働から選んでいます。「選ぶ」で上の入力欄に入ります。"),
        h("ol", {}, found.map((s) =>
          h("li", {},
            h("strong", {}, s.name),
            labelOf(vocabulary.partyKinds, s.kind) === s.name ? null : `（${labelOf(vocabulary.partyKinds, s.kind)}）`,
            h("p", { class: "hint" }, s.reasons.join("、")),
            h("button", { type: "button", class: "secondary small", onclick: () => choose(form, s) }, `${s.name}を選ぶ`)))));
    })
    .catch(() => box.remove());
  return box;
}

function choose(form, suggestion) {
  const picker = form?.querySelector('select[data-field="partyIds"], select[data-field="partyId"]');
  const option = picker && [...picker.options].find((o) => o.value === suggestion.partyId);
  if (!option) return;
  option.selected = true; // a proposal's list gains it; a joining party's picker is set to it
  picker.dispatchEvent(new Event("change"));
  const rationale = form.querySelector('[data-field="rationale"]');
  if (rationale && !rationale.value.includes(suggestion.rationale)) {
    rationale.value = rationale.value ? `${rationale.value}\n${suggestion.rationale}` : suggestion.rationale;
  }
  picker.focus();
  announce(`${suggestion.name}を選びました`);
}

// Where the case stands and who takes part, above its timeline: drawn again after each step.
function caseOverview(found, vocabulary, names, { items, probono, workerName }) {
  const labels = (list, codes) => (codes.length ? codes.map((c) => labelOf(list, c)).join("、") : "—");
  const centre = (vocabulary.centres || []).find((c) => c.code === found.centre);
  const success = found.published ? "公開済み" : found.nominated ? "推薦済み（公開前）" : "—";
  const facts = [
    ["市町", labelOf(vocabulary.municipalities, found.municipality)],
    ["支援センター", centre ? centre.ja : found.centre],
    ["担当", personOf(names, found.facilitatorId)],
    ["相談日", dateLabel(found.openedOn)],
    ["年度", fiscalYearLabel(found.fiscalYear)],
    ["最終手続き日", dateLabel(found.lastStepOn)],
    ["分野", labels(vocabulary.fields, found.fields)],
    ["SDGs", found.sdgs.length ? found.sdgs.map((n) => `目標${n}`).join("、") : "—"],
    ["横展開元", found.replicates
      ? link(`#/library/${encodeURIComponent(found.replicates.id)}`, `${found.replicates.number} ${found.replicates.title}（${found.replicates.municipalityLabel}）`)
      : "—"],
    ...(found.result ? [["完了の区分", labelOf(vocabulary.closureResults, found.result)]] : []),
    ["成功事例", success],
    ["推進計画の項目", items.length
      ? h("ul", { class: "plain", id: "case-plan-items" }, items.map((i) =>
        h("li", {}, link(`#/plans/${encodeURIComponent(i.planId)}/${i.number}`, `${i.planName} No.${i.number} ${i.title}`))))
      : "—"],
  ];
  const taking = found.parties.filter((p) => p.active).length;
  return h("details", { class: "overview", id: "case-overview", open: true },
    h("summary", {}, "案件の概要"),
    h("dl", { class: "facts" }, facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    h("h3", { id: "case-parties-heading" }, `参加団体（参加中${taking}・離脱${found.parties.length - taking}）`),
    found.parties.length
      ? h("div", { class: "table-wrap" },
          h("table", { class: "case-parties responsive", "aria-labelledby": "case-parties-heading" },
            head(["団体名", "役割", "担う内容", "参加"]),
            h("tbody", {}, found.parties.map((p) =>
              h("tr", { class: p.active ? "" : "left" },
                h("td", { "data-label": "団体名" }, p.partyId ? link(`#/parties/${encodeURIComponent(p.partyId)}`, p.name) : p.name, h("br"), h("small", { class: "hint" }, labelOf(vocabulary.partyKinds, p.kind))),
                h("td", { "data-label": "役割" }, labelOf(vocabulary.partyRoles, p.role)),
                h("td", { "data-label": "担う内容" }, p.contribution || "—"),
                h("td", { "data-label": "参加" }, p.active
                  ? `${dateLabel(p.joinedOn)}から`
                  : `${dateLabel(p.joinedOn)}から${dateLabel(p.leftOn)}まで（離脱）`)))),
          ))
      : h("p", {}, "まだ参加団体はありません"),
    proBonoPart(probono, workerName));
}


// The case's pro bono requests (プロボノの依頼) and its matches with the bank's workers, each
// worker named as the directory names one (by kind, city and fields: never by name).
function proBonoPart(probono, workerName) {
  if (!probono || (!probono.proBonoNeeds.length && !probono.proBonoMatches.length)) return null;
  const needs = probono.proBonoNeeds;
  const matches = probono.proBonoMatches;
  return [
    h("h3", { id: "case-pro-bono-heading" }, `プロボノ（依頼${needs.length}・マッチング${matches.length}）`),
    needs.length
      ? h("ul", { class: "plain", id: "case-pro-bono-needs" }, needs.map((n) =>
        h("li", {}, `${n.skill.ja} ${n.hours}時間：${n.description || "—"}（${dateLabel(n.declaredOn)}）`)))
      : null,
    matches.length
      ? h("div", { class: "table-wrap" },
        h("table", { class: "case-pro-bono responsive", "aria-labelledby": "case-pro-bono-heading" },
          head(["ワーカー", "スキル", "時間", "状態"]),
          h("tbody", {}, matches.map((m) =>
            h("tr", {},
              h("td", { "data-label": "ワーカー" }, workerName(m.partyId)),
              h("td", { "data-label": "スキル" }, m.skill.ja),
              h("td", { "data-label": "時間" }, m.hoursGiven === null ? `${m.hours}時間（依頼）` : `${m.hoursGiven}時間（活動）／${m.hours}時間（依頼）`),
              h("td", { "data-label": "状態" }, `${MATCH_STATUS[m.status] || m.status}（${dateLabel(m.changedOn)}）`))))))
      : null,
  ];
}

// A pro bono step's workers: proposing, the bank's active workers; answering a proposal, the
// workers proposed to this case; completing, those who accepted.
const PRO_BONO_STEPS = {
  ProposeProBonoMatch: (p) => p.workers,
  AcceptProBonoMatch: (p) => p.matched("proposed"),
  DeclineProBonoMatch: (p) => p.matched("proposed"),
  CompleteProBonoMatch: (p) => p.matched("accepted"),
};
const CASE_EXTRAS = new Set(["DeclareProBonoNeed", "LinkCaseToPlanItem", ...Object.keys(PRO_BONO_STEPS)]);

async function proBonoOf(caseId) {
  if (!hasOperation("ProBonoCase")) return null;
  return run("ProBonoCase", { caseId }).catch(() => null); // a role that reads no bank: none
}

async function bankWorkers() {
  if (!hasOperation("ProposeProBonoMatch")) return [];
  return run("ProBonoBank").then((d) => d.proBonoBank.workers, () => []);
}

// The plans a case may carry out: its city's and the prefecture's (every plan, if none is).
function plansFor(plans, found) {
  const near = plans.filter((p) => !p.municipality || p.municipality === found.municipality);
  return near.length ? near : plans;
}

async function casePage(view, number, session) {
  const [data, described, vocabulary, names, workers, plans] = await Promise.all([
    run("CaseTimeline", { number, first: 100 }),
    stepForms(),
    terms(),
    staffNames(),
    bankWorkers(),
    hasOperation("LinkCaseToPlanItem") ? run("Plans").then((d) => d.plans, () => []) : [],
  ]);
  const found = data.case;
  if (!found) {
    put(view, h("h1", { tabindex: "-1" }, "案件が見つかりません"), alertBox(`${number} は見つかりませんでした`));
    return null;
  }
  // What the overview shows besides the case: the city plan's items it carries out (a step of
  // the plan) and its pro bono requests and matches (steps of the workers, partly).
  const planItems = () => run("CasePlanItems", { caseId: found.id }).then((d) => d.casePlanItems, () => []);
  // (with the party list the forms ask anyway: the same round trip)
  const [items, probono, directory] = await Promise.all([planItems(), proBonoOf(found.id), partyList().catch(() => [])]);
  const byId = new Map(directory.map((p) => [p.id, p]));
  const extras = {
    items,
    probono,
    workerName: (id) => (byId.has(id) ? partyLabel(byId.get(id), vocabulary) : id),
  };
  const state = h("span", { class: "badge", id: "case-state" }, labelOf(vocabulary.caseStates, found.state));
  let shownCase = found; // the case as the overview last drew it
  let overview = caseOverview(found, vocabulary, names, extras);
  const redraw = () => {
    const drawn = caseOverview(shownCase, vocabulary, names, extras);
    drawn.open = overview.open; // the panel stays open or closed as the user left it
    overview.replaceWith(drawn);
    overview = drawn;
  };
  let drawnAt = found.version; // the case's version the overview shows
  let behind = 0; // reads of the overview that found the case list behind the live item
  let pending = null; // live items come in bursts: one read after the last of them
  // Drawn again from the case as it stands now, after a step here or a live item (once for
  // a version: the live item of a step recorded here finds it drawn); the panel stays open
  // or closed as the user left it.
  const reviewed = async (atLeast = 0) => {
    if (atLeast && atLeast <= drawnAt) return;
    const again = (await run("CaseOverview", { id: found.id })).case;
    if (!again) return;
    // A live item comes when the timeline has it; the case list, which the overview reads,
    // may commit a moment later: read again until it has the item's version.
    if (again.version < atLeast) {
      if (++behind <= 20) setTimeout(() => reviewed(atLeast).catch(() => {}), 250);
      return;
    }
    behind = 0;
    drawnAt = Math.max(drawnAt, again.version);
    shownCase = again;
    redraw();
  };
  const reviewSoon = (version) => {
    clearTimeout(pending);
    pending = setTimeout(() => reviewed(version).catch(() => {}), 300);
  };
  const list = h("ol", { class: "timeline", id: "timeline", "aria-live": "polite" });
  const shown = new Map();
  let correct = null; // set once the forms are ready
  const add = (node) => {
    if (!node || node.version === undefined) return;
    const element = timelineItem(node, vocabulary, correct, described, names);
    const old = shown.get(node.version);
    if (old) {
      old.element.replaceWith(element);
    } else {
      const before = [...shown.values()]
        .filter((s) => s.node.occurredOn > node.occurredOn || (s.node.occurredOn === node.occurredOn && s.node.version > node.version))
        .sort((a, b) => (a.node.occurredOn < b.node.occurredOn ? -1 : a.node.occurredOn > b.node.occurredOn ? 1 : a.node.version - b.node.version))[0];
      if (before) before.element.before(element);
      else list.append(element);
    }
    shown.set(node.version, { node, element });
  };
  const count = h("h2", { id: "timeline-heading" });
  const recount = () => (count.textContent = `経過（${Math.max(shown.size, found.timeline.totalCount)}件）`);
  for (const edge of found.timeline.edges) add(edge.node);
  recount();
  let page = found.timeline.pageInfo;
  const more = h("button", { type: "button", class: "secondary", hidden: !page.hasNextPage }, "さらに表示する");
  more.addEventListener("click", async () => {
    more.disabled = true;
    const next = await run("CaseTimeline", { number, first: 100, after: page.endCursor });
    for (const edge of next.case.timeline.edges) add(edge.node);
    page = next.case.timeline.pageInfo;
    more.hidden = !page.hasNextPage;
    more.disabled = false;
    recount();
  });
  const live = h("p", { class: "live", id: "live-status" }, "ライブ更新: 接続中");
  const stop = hasOperation("CaseTimelineLive")
    ? subscribe(
        "CaseTimelineLive",
        { caseId: found.id },
        (payload) => {
          live.textContent = "ライブ更新: 接続済み";
          const item = payload.caseTimeline;
          const known = item && shown.has(item.version);
          add(item);
          recount();
          if (item && !known) reviewSoon(item.version);
        },
        (message) => (live.textContent = `ライブ更新: ${message}`),
      )
    : () => {};
  const steps = described.steps.filter(
    (s) => hasOperation(s.operation) && s.fields.some((f) => f.name === "caseId") && !s.fields.some((f) => f.name === "meetingId") && !NOT_CASE_STEPS.has(s.operation),
  );
  const holder = h("div", { id: "step-form" });
  const chooser = select(steps.map((s) => [s.operation, s.label]), NEXT_STEP[found.state], { id: "step-choice" });
  // Steps the case refuses as it stands (the ledger's own checks): shown, not chosen, with why.
  const refusedList = h("details", { class: "refused", id: "refused-steps" });
  const refuse = (caseNow) => {
    const refused = new Map((caseNow.refusedSteps || []).map((r) => [r.operation, r.message]));
    for (const option of chooser.options) {
      option.disabled = refused.has(option.value);
      option.title = refused.get(option.value) || "";
    }
    if (chooser.selectedOptions[0]?.disabled) {
      const offered = [...chooser.options].filter((o) => !o.disabled);
      chooser.value = (offered.find((o) => o.value === NEXT_STEP[caseNow.state]) || offered[0] || chooser.options[0]).value;
    }
    const shown = steps.filter((s) => refused.has(s.operation));
    // Steps refused for one reason (a closed case: most of them) share one line: their
    // messages are the same but for the step's name, which becomes これらの手続き.
    const reasons = new Map();
    for (const s of shown) {
      const message = refused.get(s.operation);
      const shared = message.replace(`「${s.label}」`, "これらの手続き");
      if (!reasons.has(shared)) reasons.set(shared, { labels: [], message });
      reasons.get(shared).labels.push(s.label);
    }
    const lines = [...reasons].map(([shared, { labels, message }]) =>
      h("li", {}, h("strong", {}, labels.join("、")), `：${labels.length > 1 ? shared : message}`),
    );
    refusedList.hidden = shown.length === 0;
    refusedList.replaceChildren(h("summary", {}, `いま記録できない手続き（${shown.length}件）`), h("ul", {}, lines));
  };
  refuse(found);
  let context;
  const matched = (status) => (extras.probono?.proBonoMatches || []).filter((m) => m.status === status).map((m) => m.partyId);
  const proBonoContext = (step) => {
    const listed = PRO_BONO_STEPS[step.operation];
    if (!listed) return {};
    // proposing: the skill the case asked for last comes first
    const skill = extras.probono?.proBonoNeeds.at(-1)?.skill.code;
    const skills = new Map(workers.map((w) => [w.partyId, w]));
    // a worker is told apart by what they can do and for how long a month
    const describe = (party) => {
      const w = skills.get(party.id);
      const label = partyLabel(party, vocabulary);
      return w ? `${label}：${w.skills.map((t) => t.ja).join("、")}（月${w.hoursPerMonth}時間まで）` : label;
    };
    // those with the skill asked for first
    const able = (w) => (w.skills.some((t) => t.code === skill) ? 0 : 1);
    const ranked = [...workers].sort((a, b) => able(a) - able(b)).map((w) => w.partyId);
    return { listed: listed({ workers: ranked, matched }), skill, describe };
  };
  const showForm = (values = {}) => {
    const step = steps.find((s) => s.operation === chooser.value);
    if (step.operation === "CorrectStep") holder.replaceChildren(correctionChooser(step));
    else holder.replaceChildren(stepForm(step, { ...context, values, ...proBonoContext(step) }));
    if (SUGGESTING.has(step.operation) && hasOperation("SuggestedPartners")) {
      holder.append(suggestions(found.id, vocabulary, holder.querySelector("form.step-form")));
    }
  };
  // A correction: which step first (those a correction may change, newest first), then that
  // step's own form, filled as it stands.
  const correctionChooser = (correcting, version = "") => {
    const items = [...shown.values()]
      .map((s) => s.node)
      .filter((node) => correctableFields(node, described).length)
      .sort((a, b) => b.version - a.version);
    const pick = select(
      [["", "選んでください"], ...items.map((n) => [String(n.version), `版${n.version} ${n.label}（${dateLabel(n.occurredOn)}）`])],
      version,
      { id: "correct-choice" },
    );
    const place = h("div", { class: "correction" });
    const draw = () =>
      place.replaceChildren(...(pick.value ? [correctionForm(correcting, shown.get(Number(pick.value)).node, described, context)] : []));
    pick.addEventListener("change", draw);
    draw();
    return h("div", {}, h("div", { class: "field" }, h("label", { for: "correct-choice" }, "訂正する手続き"), pick), place);
  };
  context = await formContext(session, {
    caseId: found.id,
    plans: plansFor(plans, found),
    caseParties: takingPart(found),
    caseMembers: everTookPart(found),
    onDone: async (result, step) => {
      if (step.operation === "CorrectStep") {
        // A correction is shown on the item it corrects: read that item again.
        const again = await run("CaseTimeline", { number, first: 100 });
        for (const edge of again.case.timeline.edges) add(edge.node);
        recount();
      }
      // a party's or a plan's step answers with its own payload: the case is read on its own
      const standing = result.case || (await run("CaseStanding", { id: found.id })).case;
      context.caseParties = takingPart(standing);
      context.caseMembers = everTookPart(standing);
      state.textContent = labelOf(vocabulary.caseStates, standing.state);
      if (CASE_EXTRAS.has(step.operation)) {
        [extras.items, extras.probono] = await Promise.all([planItems(), proBonoOf(found.id)]);
        redraw();
      }
      await reviewed(standing.version).catch(() => {});
      chooser.value = NEXT_STEP[standing.state] || chooser.value;
      refuse(standing);
      showForm();
      // the case's version where the step is the case's (a worker's or a plan's step is not)
      holder.prepend(h("p", { class: "notice", role: "status" }, result.case ? `記録しました（版${result.version}）` : "記録しました"));
      announce("記録しました");
    },
  });
  chooser.addEventListener("change", () => showForm());
  if (steps.some((s) => s.operation === "CorrectStep")) {
    // A step's correction is that step's own form, filled as it stands now.
    correct = (version) => {
      chooser.value = "CorrectStep";
      const correcting = steps.find((s) => s.operation === "CorrectStep");
      holder.replaceChildren(correctionChooser(correcting, version));
      holder.querySelector(".correction textarea, .correction input, .correction select")?.focus();
    };
    for (const { node } of shown.values()) add(node);
  }
  showForm();
  put(view,
    h("p", { class: "breadcrumb" }, link("#/cases", "案件一覧へ戻る")),
    h("div", { class: "title-row" }, h("h1", { tabindex: "-1" }, `${found.number} ${found.title}`), state),
    h("div", { class: "case-layout" },
      h("div", {}, overview,
        h("section", { "aria-labelledby": "timeline-heading" },
          count, live, list, more)),
      h("section", { "aria-labelledby": "step-heading", class: "panel" },
        h("h2", { id: "step-heading" }, "手続きを記録する"),
        h("div", { class: "field" }, h("label", { for: "step-choice" }, "記録する手続き"), chooser),
        refusedList,
        holder)),
  );
  return stop;
}
