// 情報共有・検討会議: the meetings held, newest first, each with the cases shared there (their
// stories in the library) and the follow-ups agreed (横展開: where, which centre owns it, what);
// a chief facilitator or the meeting's secretariat registers a meeting held.
import { takenUp } from "./follow_ups.js";
import { hasOperation, run } from "./graphql.js";
import { givenStep, stepForm, stepForms } from "./forms.js";
import { dateLabel, field, filterForm, fiscalYearLabel, fiscalYearOf, h, head, link, opener, put, redrawView, select, todayTokyo } from "./ui.js";
import { labelOf, terms } from "./vocabulary.js";

const PAGE = 10;
const HOSTS = new Set(["CHIEF_FACILITATOR", "MEETING"]);

export async function render(view, route, session) {
  const q = route.query;
  const filter = {};
  if (q.get("fiscalYear")) filter.fiscalYear = Number(q.get("fiscalYear"));
  if (q.get("hostCentre")) filter.hostCentre = q.get("hostCentre");
  if (q.get("followUpOwner")) filter.followUpOwner = q.get("followUpOwner");
  const [found, vocabulary] = await Promise.all([
    run("Meetings", { filter, first: PAGE, after: q.get("after") || null }),
    terms(),
  ]);
  const current = fiscalYearOf(todayTokyo());
  const years = Array.from({ length: 8 }, (_, i) => current - i).map((y) => [y, fiscalYearLabel(y)]);
  const centres = vocabulary.centres.map((t) => [t.code, t.ja]);
  const form = filterForm("meetings", "会議の絞り込み",
    field("meeting-year", "年度", select([["", "すべて"], ...years], q.get("fiscalYear"), { name: "fiscalYear" })),
    field("meeting-host", "主催センター", select([["", "すべて"], ...centres], q.get("hostCentre"), { name: "hostCentre" })),
    field("meeting-owner", "横展開の担当センター", select([["", "すべて"], ...centres], q.get("followUpOwner"), { name: "followUpOwner" })),
    h("button", { type: "submit", class: "primary" }, "絞り込む"));
  const dropper = HOSTS.has(session.viewer.role) ? await dropForms(vocabulary) : null;
  const meetings = found.meetings.edges.map(({ node }) => meeting(node, vocabulary, session.viewer, dropper));
  const next = found.meetings.pageInfo.hasNextPage
    ? link(`#/meetings?${new URLSearchParams({ ...Object.fromEntries(q), after: found.meetings.pageInfo.endCursor })}`, `さらに前の${PAGE}件`)
    : null;
  put(view,
    h("h1", { tabindex: "-1" }, "情報共有・検討会議"),
    h("p", {}, "会議で共有した事例と、横展開の取り決め（どの市町で、どのセンターが、何をするか）とその進み具合（その市町で受け付けた、事例を横展開元とする案件）を、新しい会議から示します。"),
    HOSTS.has(session.viewer.role) ? await holdForm(vocabulary, session) : null,
    form,
    h("p", { id: "meeting-count" }, `${found.meetings.totalCount}件の会議`),
    filter.fiscalYear ? await yearOfFollowUps(filter, found) : null,
    meetings.length ? meetings : h("p", {}, "該当する会議はありません"),
    next ? h("p", {}, next) : null,
  );
  return null;
}

function meeting(node, vocabulary, viewer, dropper) {
  const centre = (code) => labelOf(vocabulary.centres, code);
  const shared = new Map(node.presentedCases.map((c) => [c.caseId, c]));
  const headingId = `meeting-${node.id}`;
  return h("article", { class: "meeting panel", "aria-labelledby": headingId },
    h("h2", { id: headingId }, node.title),
    h("p", {}, `${dateLabel(node.heldOn)}・${fiscalYearLabel(node.fiscalYear)}・主催 ${centre(node.hostCentre)}`),
    node.attendingCentres.length
      ? h("p", { class: "hint" }, `参加: ${node.attendingCentres.map(centre).join("、")}`)
      : null,
    h("h3", {}, `共有した事例（${node.presentedCases.length}件）`),
    node.presentedCases.length
      ? [
          h("ul", { class: "shared" }, node.presentedCases.map((c) => h("li", {}, link(`#/library/${encodeURIComponent(c.storyId)}`, `${c.number} ${c.title}`)))),
          h("p", {}, link(`#/library/booklet?${new URLSearchParams({ meeting: node.id })}`, "共有した事例で配布資料（事例集）を作る")),
        ]
      : h("p", {}, "まだありません"),
    h("h3", {}, `横展開の取り決め（${node.followUps.length}件）`),
    node.followUps.length
      ? h("div", { class: "table-wrap" },
        h("table", { class: "follow-ups responsive" },
          head(["事例", "横展開する市町", "担当するセンター", "内容", "進み具合", ...(dropper ? ["見送り"] : [])]),
          h("tbody", {}, node.followUps.map((f) => {
            const city = labelOf(vocabulary.municipalities, f.municipality);
            const tr = h("tr", {},
              h("td", { class: "nowrap", "data-label": "事例" }, shared.get(f.caseId)?.number || "—"),
              h("td", { class: "nowrap", "data-label": "横展開する市町" }, city),
              h("td", { "data-label": "担当するセンター" }, centre(f.ownerCentre)),
              h("td", { "data-label": "内容" }, f.action || "—"));
            tr.append(h("td", { "data-label": "進み具合" }, takenUp(f, centre, viewer)));
            // offered while no case has taken it up and it is not given up already
            if (dropper) {
              const open = !f.droppedOn && !f.replications.length;
              const label = `${shared.get(f.caseId)?.number || ""}の${city}での横展開を見送る`;
              tr.append(h("td", { class: "no-print", "data-label": "見送り" }, open ? opener(tr, "見送る", label, 6, () => dropper(node, f, city)) : "—"));
            }
            return tr;
          }))))
      : h("p", {}, "まだありません"));
}

// A fiscal year's follow-ups at a glance, for the meetings' yearly review: how many the
// meetings shown agreed, how many a case has taken up, how many were given up, and how many
// wait still — every meeting of the filter, not only this page's.
async function yearOfFollowUps(filter, found) {
  const all = found.meetings.pageInfo.hasNextPage || found.meetings.pageInfo.hasPreviousPage
    ? (await run("Meetings", { filter, first: 200 })).meetings
    : found.meetings;
  const agreed = all.edges.flatMap(({ node }) => node.followUps);
  if (!agreed.length) return null;
  const taken = agreed.filter((f) => f.replications.length).length;
  const dropped = agreed.filter((f) => !f.replications.length && f.droppedOn).length;
  const waiting = agreed.length - taken - dropped;
  return h("p", { id: "follow-up-summary", class: "notice" },
    `${fiscalYearLabel(filter.fiscalYear)}の横展開の取り決め ${agreed.length}件：案件になったもの ${taken}件・見送り ${dropped}件・まだ案件のないもの ${waiting}件`);
}

// 横展開の見送り, for the secretariat and the chief facilitator: a follow-up given up, with the
// reason and the day (today at first); the list is drawn again once it is recorded.
async function dropForms(vocabulary) {
  if (!hasOperation("DropFollowUp")) return null;
  const described = await stepForms();
  const step = described.steps.find((s) => s.operation === "DropFollowUp");
  if (!step) return null;
  return (meeting, f, city) => stepForm(
    givenStep(step, `${city}での横展開の見送り`, { meetingId: meeting.id, caseId: f.caseId, municipality: f.municipality }),
    { vocabulary, inputs: described.inputs, onDone: redrawView },
  );
}

// Registering a meeting held (情報共有・検討会議の開催): its own step form; the list is drawn
// again once it is recorded.
async function holdForm(vocabulary, session) {
  if (!hasOperation("HoldMeeting")) return null;
  const described = await stepForms();
  const step = described.steps.find((s) => s.operation === "HoldMeeting");
  if (!step) return null;
  const form = stepForm(step, {
    vocabulary,
    inputs: described.inputs,
    centre: session.viewer.centre,
    onDone: () => {
      // the newest page, without the filters, shows the meeting just registered
      if (location.hash === "#/meetings") redrawView();
      else location.hash = "#/meetings";
    },
  });
  return h("details", { class: "panel", id: "hold-meeting" }, h("summary", {}, "開催した会議を登録する"), form);
}
