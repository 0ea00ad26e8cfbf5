// 団体一覧: the party directory, for facilitators finding partners for a case (by field of
// activity, city, kind, part of the name), with how many cases each has taken part in; for
// auditors and admins, the way to a party's page (its personal data's reads, its erasure).
// A party's own page: party.js.
import { hasOperation, run } from "./graphql.js";
import { dateLabel, field, filterForm, h, head, link, put, select, wide } from "./ui.js";
import { FACILITATING, labelOf, terms } from "./vocabulary.js";
import { exportButtons } from "./xlsx.js";

const PAGE = 20;
const CONSENT = [["", "すべて"], ["true", "同意あり"], ["false", "同意なし"]];
const STANDING = [["registered", "登録中"], ["left", "登録を抹消した団体"], ["all", "すべて"]];

export async function render(view, route, session) {
  if (route.parts[1] === "import") return (await import("./roster.js")).render(view, route, session, await terms());
  if (route.parts[1]) return (await import("./party.js")).render(view, route.parts[1], route, session);
  const q = route.query;
  const vocabulary = await terms();
  const filter = {};
  if (q.get("name")) filter.name = q.get("name");
  if (q.get("kind")) filter.kind = q.get("kind");
  if (q.get("municipality")) filter.municipality = q.get("municipality");
  if (q.get("field")) filter.field = q.get("field");
  if (q.get("consent")) filter.publicationConsent = q.get("consent") === "true";
  if (q.get("centre")) filter.centre = q.get("centre");
  const standing = q.get("standing") || "registered"; // 登録中 by default: a partner is sought among them
  if (standing !== "all") filter.deregistered = standing === "left";
  const found = (await run("PartyDirectory", { filter, first: PAGE, after: q.get("after") || null })).parties;
  const form = filterForm("parties", "団体の絞り込み",
    wide(field("party-name", "団体名", h("input", { type: "search", name: "name", value: q.get("name") || "", maxlength: "200" }), "名前の一部（例: 社会福祉協議会）")),
    field("party-field", "活動分野", select([["", "すべて"], ...vocabulary.fields.map((t) => [t.code, t.ja])], q.get("field"), { name: "field" })),
    field("party-municipality", "市町", select([["", "すべて"], ...vocabulary.municipalities.map((t) => [t.code, t.ja])], q.get("municipality"), { name: "municipality" })),
    field("party-kind", "種別", select([["", "すべて"], ...vocabulary.partyKinds.map((t) => [t.code.toUpperCase(), t.ja])], q.get("kind"), { name: "kind" })),
    field("party-consent", "事例集への掲載", select(CONSENT, q.get("consent"), { name: "consent" })),
    field("party-standing", "登録の状態", select(STANDING, standing, { name: "standing" })),
    field("party-centre", "登録したセンター", select([["", "すべて"], ...vocabulary.centres.map((c) => [c.code, c.ja])], q.get("centre"), { name: "centre" })),
    h("button", { type: "submit", class: "primary" }, "絞り込む"),
  );
  const rows = found.edges.map(({ node }) =>
    h("tr", {},
      h("td", { "data-label": "団体名" }, link(`#/parties/${encodeURIComponent(node.id)}`, node.name),
        node.deregisteredOn ? h("small", { class: "hint" }, `（${dateLabel(node.deregisteredOn)}に登録を抹消）`) : null),
      h("td", { "data-label": "種別" }, node.kindLabel),
      h("td", { class: "nowrap", "data-label": "市町" }, labelOf(vocabulary.municipalities, node.municipality)),
      h("td", { "data-label": "活動分野" }, node.fields.map((f) => labelOf(vocabulary.fields, f)).join("、") || "—"),
      h("td", { class: "nowrap", "data-label": "事例集への掲載" }, node.publicationConsent ? "同意あり" : "同意なし"),
      h("td", { class: "number", "data-label": "参加中の案件" }, String(node.casesActive)),
      h("td", { class: "number", "data-label": "参加した案件" }, String(node.casesJoined)),
    ));
  const next = found.pageInfo.hasNextPage
    ? link(`#/parties?${new URLSearchParams({ ...Object.fromEntries(q), after: found.pageInfo.endCursor })}`, `次の${PAGE}件`)
    : null;
  put(view,
    h("div", { class: "title-row" },
      h("h1", { tabindex: "-1" }, "団体"),
      FACILITATING.has(session.viewer.role)
        ? h("span", { class: "actions" },
          hasOperation("RegisterParty") ? link("#/cases/party?from=parties", "団体を登録", { class: "button primary" }) : null,
          hasOperation("ImportPartyRoster") ? link("#/parties/import", "名簿から取り込む", { class: "button secondary" }) : null)
        : null),
    h("p", {}, "協働の相手を探すとき、活動分野や市町で絞り込めます。個人のプロボノワーカーは種別だけを示します。"),
    form,
    h("div", { class: "table-wrap" },
      h("table", { class: "parties responsive" },
        h("caption", {}, `団体一覧（${found.totalCount}件）`),
        head(["団体名", "種別", "市町", "活動分野", "事例集への掲載", "参加中の案件", "参加した案件"], ["参加中の案件", "参加した案件"]),
        h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "7" }, "該当する団体はありません"))))),
    next ? h("p", {}, next) : null,
    found.totalCount ? exportButtons("parties", downloadQuery(q), "この団体一覧", "party-list-download") : null,
  );
}

// The list as filtered, every page of it, for spreadsheets: the roster's headings (read back,
// a roster import finds each group already registered) and the counts of cases, never
// contact details. The export takes the page's own filters, by the same names.
function downloadQuery(q) {
  const asked = new URLSearchParams(q);
  asked.delete("after");
  return asked.toString();
}
