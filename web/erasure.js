// 個人情報の消去: the admin carries out a request to erase a party's personal data. The admin
// reads neither the party directory nor any case (DESIGN.md "Trust"), so the party is named by
// its ID, which the centre that received the request copies from the party's page (party.js);
// before erasing, the party's log of who read its contact details and why.
import { ApiError, hasOperation, run } from "./graphql.js";
import { givenStep, stepForm, stepForms } from "./forms.js";
import { alertBox, field, h, put } from "./ui.js";
import { readsTable } from "./party.js";
import { terms } from "./vocabulary.js";

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
  field("erasure-party", "団体ID", input, "依頼したセンターから受け取った団体ID（団体の頁のアドレスでも可）"),
  h("button", { type: "submit", class: "primary" }, "この団体を開く"));
}

export async function render(view, route) {
  const q = route.query;
  const partyId = q.get("party") || "";
  const intro = h("p", {},
    "本人や団体から個人情報（連絡先）の削除を求められたときに、その団体の暗号鍵を破棄して消去します。",
    "団体IDは、請求を受けたセンターの担当者が団体の頁からコピーして伝えます。");
  if (!partyId) {
    put(view, h("h1", { tabindex: "-1" }, "個人情報の消去"), intro, findForm(""));
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
  const [vocabulary, described, accounts] = await Promise.all([
    terms(),
    stepForms(),
    hasOperation("Accounts") ? run("Accounts").then((d) => d.accounts, () => []) : [],
  ]);
  const names = new Map(accounts.map((a) => [a.userId, a.name]));
  const more = reads.pageInfo.hasNextPage
    ? `#/erasure?party=${encodeURIComponent(partyId)}&after=${encodeURIComponent(reads.pageInfo.endCursor)}`
    : null;
  put(view,
    h("h1", { tabindex: "-1" }, "個人情報の消去"),
    findForm(partyId),
    readsTable(reads, names, vocabulary, more, Boolean(after)),
    erasureSection(partyId, vocabulary, described));
  return null;
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
        h("p", { class: "hint" }, `団体の記録の版 ${result.version}`)));
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
