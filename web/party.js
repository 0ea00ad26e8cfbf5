// 団体の頁: one party as the directory holds it (public data only), the cases it joined that
// the reader may read, and what each role does with its personal data — facilitators and the
// chief read its contact details giving a reason (the read is recorded), change them and the
// party's consent to the library, and receive a request to erase them (消去請求), which waits
// for the admin (erasure.js) to erase them or to decide not to; auditors list who read them
// and why. The party's own stored steps, as recorded, for those who read its history.
import { ApiError, hasOperation, run } from "./graphql.js";
import { givenStep, partyLabel, stepForm, stepForms } from "./forms.js";
import { alertBox, caseLink, dateLabel, dateTimeLabel, field, h, head, link, put, redrawView, submitting } from "./ui.js";
import { BANK_STATUS, FACILITATING, MATCH_STATUS, forgetParties, labelOf, personOf, staffNames, terms } from "./vocabulary.js";

const LOG_READERS = new Set(["AUDITOR"]);
const BANK_READERS = new Set([...FACILITATING, "AUDITOR"]);
const READS = 50;
const HISTORY = 50;
const HISTORY_READERS = new Set([...FACILITATING, "AUDITOR"]);
const CASES = 50;
const CONTACT = [["personName", "担当者名"], ["email", "メールアドレス"], ["phone", "電話番号"], ["address", "住所"]];

export async function render(view, partyId, route, session) {
  const role = session.viewer.role;
  const [data, vocabulary] = await Promise.all([run("PartyPage", { id: partyId, first: CASES }), terms()]);
  const party = data.node;
  if (!party?.id) { // none, or another kind of node (a case's ID pasted into the address)
    put(view, h("h1", { tabindex: "-1" }, "団体が見つかりません"), h("p", {}, link("#/parties", "団体一覧へ")));
    return null;
  }
  const fields = party.fields.map((f) => labelOf(vocabulary.fields, f)).join("、") || "—";
  put(view,
    h("p", { class: "no-print" }, link("#/parties", "団体一覧へ")),
    // a pro bono worker, named by the directory only by its kind: told apart by city and fields
    h("h1", { tabindex: "-1" }, party.name === party.kindLabel ? partyLabel(party, vocabulary) : party.name),
    h("dl", { class: "party-facts", id: "party-facts" },
      h("dt", {}, "種別"), h("dd", {}, party.kindLabel),
      h("dt", {}, "市町"), h("dd", {}, labelOf(vocabulary.municipalities, party.municipality)),
      h("dt", {}, "活動分野"), h("dd", {}, fields),
      h("dt", {}, "登録日"), h("dd", {}, dateLabel(party.registeredOn)),
      h("dt", {}, "登録したセンター"), h("dd", { id: "party-centre" }, party.centre ? labelOf(vocabulary.centres, party.centre) : "—（記録なし）"),
      party.deregisteredOn ? h("dt", {}, "登録の抹消") : null,
      party.deregisteredOn ? h("dd", { id: "party-deregistered" }, `${dateLabel(party.deregisteredOn)}（${party.deregistrationReason}）`) : null,
      h("dt", {}, "事例集への掲載"), h("dd", {}, party.publicationConsent ? "同意あり" : "同意なし"),
      h("dt", {}, "案件への参加"), h("dd", {}, `参加中 ${party.casesActive}件・これまで ${party.casesJoined}件`),
      h("dt", {}, "個人情報"), h("dd", { id: "party-personal-data" }, party.personalData)),
    casesSection(party, vocabulary, role),
    party.kind === "PRO_BONO_WORKER" && BANK_READERS.has(role) && hasOperation("WorkerInBank") ? await bankSection(party, role) : null,
    FACILITATING.has(role) && hasOperation("ReadPartyContact") ? contactSection(party) : null,
    FACILITATING.has(role) ? await changeSection(party, vocabulary, session) : null,
    FACILITATING.has(role) && !party.personalDataErased ? await erasureRequest(party, vocabulary) : null,
    LOG_READERS.has(role) && hasOperation("PersonalDataReads") ? await readsSection(party, vocabulary, route) : null,
    LOG_READERS.has(role) && hasOperation("VerifyParty") ? await verificationSection(party) : null,
    HISTORY_READERS.has(role) && hasOperation("PartyHistory") ? await historySection(party, vocabulary, route) : null,
  );
  return null;
}

// The cases it joined that the reader may read (an admin reaches no party's page).
function casesSection(party, vocabulary, role) {
  const rows = party.cases.map((c) => {
    const own = c.parties.find((p) => p.partyId === party.id);
    const period = own ? `${dateLabel(own.joinedOn)}〜${own.leftOn ? dateLabel(own.leftOn) : ""}` : "—";
    return h("tr", {},
      h("td", { class: "nowrap", "data-label": "案件番号" }, caseLink(role, c.number)),
      h("td", { "data-label": "案件名" }, c.title),
      h("td", { class: "nowrap", "data-label": "状態" }, labelOf(vocabulary.caseStates, c.state)),
      h("td", { "data-label": "役割" }, own ? labelOf(vocabulary.partyRoles, own.role) : "—"),
      h("td", { "data-label": "担当する内容" }, own?.contribution || "—"),
      h("td", { class: "nowrap", "data-label": "参加期間" }, own && !own.active ? `${period}（離脱）` : period));
  });
  const hidden = party.casesJoined - party.cases.length;
  const more = party.cases.length >= CASES
    ? `新しく参加した順に${CASES}件を示しています（参加した案件は全部で${party.casesJoined}件）。`
    : `ほかに${hidden}件（他のセンターの案件）に参加しています。`;
  return h("section", { "aria-labelledby": "party-cases-title", id: "party-cases" },
    h("h2", { id: "party-cases-title" }, "参加した案件"),
    h("div", { class: "table-wrap" },
      h("table", { class: "responsive" },
        h("caption", {}, `${party.cases.length}件`),
        head(["案件番号", "案件名", "状態", "役割", "担当する内容", "参加期間"]),
        h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "6" }, "閲覧できる案件はありません"))))),
    hidden > 0 ? h("p", { class: "hint" }, more) : null);
}

// A pro bono worker: where they stand in the bank, and their matches with cases (a case named
// where the reader may read it, and opened where the reader reads cases).
async function bankSection(party, role) {
  const found = await run("WorkerInBank", { partyId: party.id });
  const worker = found.proBonoBank.workers.find((w) => w.partyId === party.id);
  const section = h("section", { "aria-labelledby": "party-bank-title", id: "party-bank" },
    h("h2", { id: "party-bank-title" }, "プロボノワーカーバンク"));
  if (!worker) {
    section.append(h("p", {}, "バンクには登録されていません（プロボノの頁で登録します）。"));
    return section;
  }
  const until = worker.availableUntil ? `・${dateLabel(worker.availableUntil)}まで` : "";
  section.append(h("dl", { class: "party-facts" },
    h("dt", {}, "状態"), h("dd", {}, `${BANK_STATUS[worker.status] || worker.status}（${dateLabel(worker.registeredOn)}登録）`),
    h("dt", {}, "スキル"), h("dd", {}, worker.skills.map((t) => t.ja).join("、")),
    h("dt", {}, "活動できる市町"), h("dd", {}, worker.municipalities.map((t) => t.ja).join("、") || "—"),
    h("dt", {}, "経験・時間"), h("dd", {}, `経験${worker.yearsOfExperience}年・月${worker.hoursPerMonth}時間まで${until}`),
    h("dt", {}, "連絡の同意"), h("dd", {}, worker.contactConsent ? "あり" : "なし")));
  const opened = (c) => (c ? caseLink(role, c.number, `${c.number} ${c.title}`) : "（閲覧できない案件）");
  const rows = found.proBonoMatches.map((m) => h("tr", {},
    h("td", { "data-label": "案件" }, opened(m.case)),
    h("td", { "data-label": "スキル" }, m.skill.ja),
    h("td", { class: "number", "data-label": "時間" }, m.hoursGiven === null ? `${m.hours}時間` : `${m.hoursGiven}時間（依頼 ${m.hours}時間）`),
    h("td", { class: "nowrap", "data-label": "状況" }, `${MATCH_STATUS[m.status] || m.status}（${dateLabel(m.changedOn)}）`)));
  section.append(h("div", { class: "table-wrap" },
    h("table", { class: "responsive", id: "party-matches" },
      h("caption", {}, `マッチング（${rows.length}件）`),
      head(["案件", "スキル", "時間", "状況"], ["時間"]),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "4" }, "マッチングはまだありません"))))));
  return section;
}

// Contact details: shown only after a reason is given, and that read is recorded.
function contactSection(party) {
  const section = h("section", { "aria-labelledby": "party-contact-title", id: "party-contact" },
    h("h2", { id: "party-contact-title" }, "連絡先"));
  if (party.personalDataErased) {
    section.append(h("p", {}, "この団体の個人情報は消去済みです。"));
    return section;
  }
  const shown = h("div", { id: "party-contact-shown", "aria-live": "polite" });
  const errors = h("div");
  const reason = h("input", { type: "text", id: "contact-reason", name: "reason", maxlength: "200", required: true, "aria-describedby": "contact-reason-hint" });
  const button = h("button", { type: "submit", class: "primary" }, "連絡先を表示する");
  const form = h("form", {
    id: "contact-form",
    novalidate: true,
    onsubmit: submitting(button, errors, async () => {
      if (!reason.value.trim()) {
        reason.setAttribute("aria-invalid", "true");
        throw new ApiError("閲覧の理由を入力してください", "reason_required");
      }
      reason.removeAttribute("aria-invalid");
      const contact = (await run("ReadPartyContact", { partyId: party.id, reason: reason.value.trim() })).partyContact;
      shown.replaceChildren(
        h("dl", { class: "party-facts" }, CONTACT.flatMap(([key, label]) => [h("dt", {}, label), h("dd", {}, contact[key] || "—")])),
        h("p", { class: "hint" }, "この閲覧は記録されました。"));
    }, (error) => alertBox(error.message, "表示できませんでした", error.code)),
  },
  field("contact-reason", "閲覧の理由（必須）", reason, "例: 円卓会議の日程調整のため。理由は閲覧者・日時とともに記録され、監査人と管理者が確認できます。"),
  button);
  section.append(h("p", { class: "hint" }, "連絡先は個人情報です。必要なときだけ、理由を書いて表示します。"), errors, form, shown);
  return section;
}

// Writes a facilitator of the registering centre, or the chief, makes to the party itself.
async function changeSection(party, vocabulary, session) {
  const described = await stepForms();
  const steps = new Map(described.steps.map((s) => [s.operation, s]));
  const done = async () => {
    forgetParties();
    redrawView();
  };
  const panel = (operation, summary, values) => {
    const step = steps.get(operation);
    if (!step || !hasOperation(operation)) return null;
    const form = stepForm(givenStep(step, step.label, { partyId: party.id }), {
      vocabulary, parties: [], inputs: described.inputs, centre: session.viewer.centre, values, onDone: done,
    });
    return h("details", { class: "panel", "data-panel": operation }, h("summary", {}, summary), form);
  };
  return h("section", { "aria-labelledby": "party-change-title", id: "party-change" },
    h("h2", { id: "party-change-title" }, "団体の記録を変える"),
    h("p", { class: "hint" }, "自分のセンターが登録した団体を変えられます（統括協働ファシリテーターはどの団体も）。"),
    party.personalDataErased ? null : panel("ChangeContactDetails", "連絡先を変更する", {}),
    panel("ChangePartyFields", "活動分野を変更する", { fields: party.fields }),
    panel("ChangePublicationConsent", "事例集への掲載の同意を変更する", { consent: !party.publicationConsent }),
    party.deregisteredOn ? null : panel("DeregisterParty", "登録を抹消する（解散・活動休止・退会）", {}));
}

// Who read its personal data, when and why: newest first, READS at a time.
async function readsSection(party, vocabulary, route) {
  const after = route.query.get("after") || null;
  const [found, names] = await Promise.all([
    run("PersonalDataReads", { partyId: party.id, first: READS, after }),
    staffNames(),
  ]);
  const reads = found.personalDataReads;
  return readsTable(reads, names, vocabulary,
    reads.pageInfo.hasNextPage ? `#/parties/${encodeURIComponent(party.id)}?after=${encodeURIComponent(reads.pageInfo.endCursor)}` : null,
    Boolean(after));
}

// The party's hash chain recomputed from the stored bytes (auditors): an erasure destroys a
// key, not a stored byte, so an erased party's chain still verifies.
async function verificationSection(party) {
  const v = (await run("VerifyParty", { id: party.id })).verifyParty;
  if (!v) return null;
  return h("section", { "aria-labelledby": "party-verify-title", id: "party-verification" },
    h("h2", { id: "party-verify-title" }, "改ざんの検証"),
    h("p", { class: v.ok ? "ok" : "bad" },
      `${v.ok ? "✓ 改ざんは見つかりませんでした" : `✗ 版${v.brokenVersion}で連鎖が切れています`}（${v.checkedEvents}件を検証、${dateTimeLabel(v.verifiedAt)}）`),
    h("p", { class: "hint" }, v.message));
}

// The party's stored steps (its registration, consent, contact kept, requests to erase and
// their answers, pro bono steps), the latest first, HISTORY at a time: auditors and the chief,
// and the facilitators of the centre that registered it (others are refused: no section).
async function historySection(party, vocabulary, route) {
  const before = route.query.get("before") || null;
  let found;
  try {
    found = (await run("PartyHistory", { id: party.id, last: HISTORY, before })).partyHistory;
  } catch (error) {
    if (error instanceof ApiError && error.code === "FORBIDDEN") return null;
    throw error;
  }
  if (!found) return null;
  const names = await staffNames();
  const rows = [...found.edges].reverse().map(({ node }) => h("tr", { "data-version": String(node.version) },
    h("td", { class: "number", "data-label": "版" }, String(node.version)),
    h("td", { class: "nowrap", "data-label": "手続き" }, node.label),
    h("td", { class: "nowrap", "data-label": "業務日" }, dateLabel(node.occurredOn)),
    h("td", { class: "nowrap", "data-label": "記録日時" }, dateTimeLabel(node.recordedAt)),
    h("td", { "data-label": "記録者" }, `${personOf(names, node.actor.userId)}（${labelOf(vocabulary.actorRoles, node.actor.role)}）`),
    h("td", { "data-label": "内容" }, node.summary,
      h("details", {}, h("summary", {}, "記録された値"), h("pre", {}, JSON.stringify(node.details, null, 2))))));
  const older = found.pageInfo.hasPreviousPage
    ? `#/parties/${encodeURIComponent(party.id)}?before=${encodeURIComponent(found.pageInfo.startCursor)}`
    : null;
  return h("section", { "aria-labelledby": "party-history-title", id: "party-history" },
    h("h2", { id: "party-history-title" }, "記録の履歴"),
    h("p", { class: "hint" }, "この団体について記録された手続きです。連絡先は、どう保管されたかだけを示します。"),
    h("div", { class: "table-wrap" },
      h("table", { class: "history responsive" },
        h("caption", {}, `記録された手続き（${found.totalCount}件、新しい順）`),
        head(["版", "手続き", "業務日", "記録日時", "記録者", "内容"], ["版"]),
        h("tbody", {}, rows))),
    older ? h("p", {}, link(older, `さらに前の${HISTORY}件`)) : null);
}

// A party's log of reads (a page of `personalDataReads`), `more` the address of the next page.
export function readsTable(reads, names, vocabulary, more, continued) {
  const rows = reads.edges.map(({ node }) => h("tr", {},
    h("td", { class: "nowrap", "data-label": "日時" }, dateTimeLabel(node.readAt)),
    h("td", { "data-label": "閲覧者" }, personOf(names, node.actorId)),
    h("td", { "data-label": "役割" }, labelOf(vocabulary.actorRoles, node.actorRole)),
    h("td", { "data-label": "理由" }, node.reason),
    h("td", { "data-label": "要求ID" }, h("code", {}, node.correlationId))));
  return h("section", { "aria-labelledby": "party-reads-title", id: "party-reads" },
    h("h2", { id: "party-reads-title" }, "個人情報の閲覧記録"),
    h("div", { class: "table-wrap" },
      h("table", { class: "responsive" },
        h("caption", {}, continued ? "閲覧記録（続き）" : "閲覧記録"),
        head(["日時", "閲覧者", "役割", "理由", "要求ID"]),
        h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "5" }, "閲覧の記録はありません"))))),
    more ? h("p", {}, link(more, `次の${READS}件`)) : null);
}

// A request to erase its personal data (消去請求), from the person or their agent, received by
// the centre that registered the party: it waits for the admin, who erases the data or decides
// not to, with a reason the centre tells the person. One request waits at a time.
async function erasureRequest(party, vocabulary) {
  const request = party.erasureRequest;
  const section = h("section", { "aria-labelledby": "party-erasure-title", id: "party-erasure-request" },
    h("h2", { id: "party-erasure-title" }, "個人情報の消去請求"));
  const received = (r) => `${dateLabel(r.requestedOn)}に${r.byAgent ? "代理人から" : ""}受け付けた消去請求`;
  if (request?.pending) {
    section.append(h("div", { class: "notice", role: "status", id: "erasure-pending" },
      h("p", {}, `${received(request)}は、管理者の対応を待っています。管理者が個人情報を消去するか、消去しない旨を理由とともに決定します。`),
      request.note ? h("p", { class: "hint" }, `受付の記録：${request.note}`) : null));
    return section;
  }
  if (request?.declinedOn) {
    section.append(h("div", { class: "notice", id: "erasure-declined" },
      h("p", {}, `${received(request)}について、管理者は${dateLabel(request.declinedOn)}に消去しない旨を決定しました。`),
      h("p", {}, `理由：${request.declineReason}`),
      h("p", { class: "hint" }, "請求した本人（または代理人）に、決定とその理由を伝えてください。")));
  }
  const described = await stepForms();
  const step = described.steps.find((s) => s.operation === "RequestPersonalDataErasure");
  if (!step || !hasOperation("RequestPersonalDataErasure")) return section;
  const form = stepForm(givenStep(step, step.label, { partyId: party.id }), {
    vocabulary, parties: [], inputs: described.inputs, onDone: redrawView,
  });
  section.append(
    h("p", { class: "hint" }, "本人や団体から個人情報（連絡先）の消去を求められたら、本人（または代理人）であることを確かめたうえで受け付けます。受付の記録に個人情報は書かないでください。"),
    h("details", { class: "panel", "data-panel": "RequestPersonalDataErasure" }, h("summary", {}, request ? "新たな消去請求を受け付ける" : "消去請求を受け付ける"), form));
  return section;
}
