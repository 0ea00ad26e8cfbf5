// 個人情報の消去: the admin answers the requests to erase a party's personal data that the
// centres received (party.js), the oldest first: before erasing, the party's log of who read
// its contact details and why; then the erasure, or the decision not to erase with a reason
// the centre tells the person. The admin reads neither the party directory nor any case
// (DESIGN.md "Trust"): a party is named by its kind and ID, and one without a request is
// opened by its ID or its page's address.
import { ApiError, hasOperation, run } from "./graphql.js";
import { givenStep, stepForm, stepForms } from "./forms.js";
import { alertBox, announce, dateLabel, field, h, head, link, put } from "./ui.js";
import { readsTable } from "./party.js";
import { personOf, terms } from "./vocabulary.js";

const READS = 50;

// The ID as typed, or the party page's address that holds it (…#/parties/ID).
function partyIdOf(text) {
  const value = text.trim();
  const at = value.indexOf("#/parties/");
  const id = at >= 0 ? value.slice(at + "#/parties/".length).split(/[?#/]/)[0] : value;
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

function findForm(value) {
  const input = h("input", { type: "text", id: "erasure-party", name: "party", value, size: "48", autocomplete: "off", spellcheck: "false" });
  return h("form", {
    class: "filters", role: "search", "aria-label": "消去する団体",
    onsubmit: (e) => {
      e.preventDefault();
      const id = partyIdOf(input.value);
      location.hash = id ? `#/erasure?party=${encodeURIComponent(id)}` : "#/erasure";
    },
  },
  field("erasure-party", "団体ID", input, "消去請求の一覧にない団体は、団体IDか団体の頁のアドレスで開きます"),
  h("button", { type: "submit", class: "secondary" }, "この団体を開く"));
}

const received = (r) => `${dateLabel(r.requestedOn)}${r.byAgent ? "（代理人から）" : ""}`;

// The requests that wait, the oldest first: each opens its party.
function queue(requests, names) {
  const rows = requests.map((r) => h("tr", { "data-party": r.partyId },
    h("td", { class: "nowrap", "data-label": "受付日" }, received(r)),
    h("td", { "data-label": "種別" }, r.partyKindLabel),
    h("td", { "data-label": "受け付けた人" }, personOf(names, r.receivedBy)),
    h("td", { "data-label": "受付の記録" }, r.note || "—"),
    h("td", { class: "nowrap" }, link(`#/erasure?party=${encodeURIComponent(r.partyId)}`, "対応する", {
      "aria-label": `${received(r)}受付の${r.partyKindLabel}の消去請求に対応する`,
    }))));
  return h("section", { "aria-labelledby": "erasure-queue-title", id: "erasure-queue" },
    h("h2", { id: "erasure-queue-title" }, "対応を待っている消去請求"),
    h("div", { class: "table-wrap" },
      h("table", { class: "responsive" },
        h("caption", {}, `${rows.length}件（受付の古い順）`),
        head(["受付日", "種別", "受け付けた人", "受付の記録", "対応"]),
        h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "5" }, "対応を待っている消去請求はありません"))))));
}

export async function render(view, route) {
  const q = route.query;
  const partyId = q.get("party") || "";
  const intro = h("p", {},
    "本人や団体から個人情報（連絡先）の消去を求められ、センターが受け付けた請求に対応します。",
    "消去はその団体の暗号鍵を破棄して行い、元に戻せません。消去しないときは、その理由を記録します（センターが請求者に伝えます）。");
  const [requests, accounts] = await Promise.all([
    hasOperation("PersonalDataErasureRequests") ? run("PersonalDataErasureRequests", { first: 200 }).then((d) => d.personalDataErasureRequests) : [],
    hasOperation("Accounts") ? run("Accounts").then((d) => d.accounts, () => []) : [],
  ]);
  const names = new Map(accounts.map((a) => [a.userId, a.name]));
  if (!partyId) {
    put(view, h("h1", { tabindex: "-1" }, "個人情報の消去"), intro, queue(requests, names), findForm(""));
    return null;
  }
  const after = q.get("after") || null;
  let reads;
  try {
    reads = (await run("PersonalDataReads", { partyId, first: READS, after })).personalDataReads;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code === "UNAUTHENTICATED") throw error;
    put(view, h("h1", { tabindex: "-1" }, "個人情報の消去"), intro, findForm(partyId),
      alertBox(error.message, "この団体IDでは開けません", error.code));
    return null;
  }
  const [vocabulary, described] = await Promise.all([terms(), stepForms()]);
  const request = requests.find((r) => r.partyId === partyId);
  const more = reads.pageInfo.hasNextPage
    ? `#/erasure?party=${encodeURIComponent(partyId)}&after=${encodeURIComponent(reads.pageInfo.endCursor)}`
    : null;
  put(view,
    h("p", { class: "breadcrumb" }, link("#/erasure", "消去請求の一覧へ")),
    h("h1", { tabindex: "-1" }, "個人情報の消去"),
    request ? requestFacts(request, names) : h("p", { id: "erasure-no-request" }, "この団体の消去請求で、対応を待っているものはありません。"),
    readsTable(reads, names, vocabulary, more, Boolean(after)),
    erasureSection(partyId, vocabulary, described),
    request ? declineSection(partyId, vocabulary, described) : null);
  return null;
}

function requestFacts(r, names) {
  return h("dl", { class: "party-facts", id: "erasure-request" },
    h("dt", {}, "団体ID"), h("dd", {}, h("code", {}, r.partyId)),
    h("dt", {}, "種別"), h("dd", {}, r.partyKindLabel),
    h("dt", {}, "受付日"), h("dd", {}, received(r)),
    h("dt", {}, "受け付けた人"), h("dd", {}, personOf(names, r.receivedBy)),
    h("dt", {}, "受付の記録"), h("dd", {}, r.note || "—"));
}

// Not erasing (the data must be kept, by law or for a report): the reason is recorded and
// read by the centre on the party's page, to tell the person.
function declineSection(partyId, vocabulary, described) {
  const step = described.steps.find((s) => s.operation === "DeclinePersonalDataErasure");
  if (!step || !hasOperation("DeclinePersonalDataErasure")) return null;
  const form = stepForm(givenStep(step, step.label, { partyId }), {
    vocabulary, parties: [], inputs: described.inputs, onDone: () => {
      announce("消去しない旨を記録しました");
      location.hash = "#/erasure";
    },
  });
  return h("section", { "aria-labelledby": "party-decline-title", id: "party-decline" },
    h("h2", { id: "party-decline-title" }, "消去しない"),
    h("p", {}, "法令や補助金の報告のために保存が必要なときは、理由を記録して消去しない旨を決定します。センターの担当者が団体の頁でその理由を読み、請求者に伝えます。"),
    form);
}

// The erasure: irreversible, so asked with its reason and a box ticked to say so.
function erasureSection(partyId, vocabulary, described) {
  const step = described.steps.find((s) => s.operation === "ErasePartyPersonalData");
  if (!step || !hasOperation("ErasePartyPersonalData")) return null;
  const section = h("section", { "aria-labelledby": "party-erase-title", id: "party-erase" },
    h("h2", { id: "party-erase-title" }, "消去する"));
  const sure = h("input", { type: "checkbox", id: "erase-confirm" });
  const confirmed = {
    ...givenStep(step, step.label, { partyId }),
    prepare: (input) => {
      if (!sure.checked) throw new ApiError("消去は元に戻せません。確認の欄にチェックしてください", "confirmation_required");
      return { ...input, partyId };
    },
  };
  const done = (result) => {
    section.replaceChildren(
      h("h2", { id: "party-erase-title" }, "消去しました"),
      h("div", { class: "notice", role: "status", id: "erased" },
        h("p", {}, "この団体の連絡先は、どこにも「消去済み」としか表示されません。案件の記録と改ざん検知の連鎖はそのまま残ります。"),
        h("p", { class: "hint" }, `団体の記録の版 ${result.version}`),
        h("p", {}, link("#/erasure", "消去請求の一覧へ"))));
    section.querySelector("h2").focus?.();
  };
  const form = stepForm(confirmed, { vocabulary, parties: [], inputs: described.inputs, onDone: done });
  form.querySelector("button[type=submit]").before(
    h("div", { class: "field" }, h("label", { for: "erase-confirm" }, sure, " 元に戻せないことを確認しました")));
  section.append(
    h("p", {}, "暗号鍵を破棄するため、この団体の連絡先は過去の記録を含めて二度と読めなくなります。案件の記録と改ざん検知の連鎖はそのまま残ります。"),
    form);
  return section;
}
