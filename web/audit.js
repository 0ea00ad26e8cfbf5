// Auditors: every case, a case's stored history as a table, the case as of a version, a record
// time or a business date (what differs from today marked), its hash chain verified; a day's
// digest of every chain, and the library as it stood at the end of a day; a case's export
// bundle downloaded, to verify on the auditor's own computer; and, for the auditor, every read
// of personal data across the prefecture and every request to erase it, the latest first.
import { download, hasOperation, run } from "./graphql.js";
import { alertBox, dateLabel, dateTimeLabel, field, h, head, link, put, select, todayTokyo } from "./ui.js";
import { labelOf, personOf, staffList, staffNames, terms } from "./vocabulary.js";

const AXES = [
  ["version", "版"],
  ["recordedAt", "記録日時（その時点までに記録されたもの）"],
  ["occurredOn", "業務日（その日までに起きたこと）"],
];
const SOURCES = { api: "API・画面", cli: "コマンドライン", import: "取り込み" };
const SNAPSHOT = [
  ["state", "状態"], ["result", "完了の区分"], ["title", "案件名"], ["municipality", "市町"],
  ["centre", "支援センター"], ["facilitatorId", "担当ファシリテーター"], ["openedOn", "相談日"],
  ["hasAgreement", "合意"], ["activityCount", "活動の回数"], ["reviewCount", "振り返りの回数"],
  ["nominated", "推薦"], ["published", "公開"], ["parties", "参加団体"],
];

const READS = 50;

export async function render(view, route, session) {
  const auditor = session?.viewer?.role === "AUDITOR" && hasOperation("PersonalDataLog");
  if (route.parts[1] === "reads" && auditor) return readsLog(view, route.query);
  if (route.parts[1] === "erasures" && auditor) return erasureRecords(view, route.query);
  if (route.parts[1]) return history(view, route.parts[1], route.query);
  return caseList(view, route.query, auditor);
}

// The auditor's two ledgers of record: the cases' histories, and who read personal data.
function tabs(current) {
  const tab = (href, label, name) =>
    h("li", {}, link(href, label, { "aria-current": current === name ? "page" : null }));
  return h("nav", { class: "tabs no-print", "aria-label": "監査の表示" },
    h("ul", {},
      tab("#/audit", "案件の履歴", "cases"),
      tab("#/audit/reads", "個人情報の閲覧記録", "reads"),
      tab("#/audit/erasures", "消去請求の記録", "erasures")));
}

const OUTCOMES = { erased: "消去した", declined: "消去しない旨を決定" };

// Every request to erase that the centres received, the latest first: who received it, how
// the admin answered it, when and why, and in how many days (APPI: without delay).
async function erasureRecords(view, query) {
  const after = query.get("after") || null;
  const [found, staff] = await Promise.all([run("PersonalDataErasureRecords", { first: READS, after }), staffList()]);
  const names = new Map(staff.map((s) => [s.userId, s.name]));
  const records = found.personalDataErasureRecords;
  const rows = records.edges.map(({ node }) => h("tr", { class: node.outcome ? "" : "waiting" },
    h("td", { class: "nowrap", "data-label": "受付日" }, dateLabel(node.requestedOn), node.byAgent ? h("p", { class: "hint" }, "代理人から") : null),
    h("td", { "data-label": "団体・個人" }, link(`#/parties/${encodeURIComponent(node.partyId)}`, node.partyName || node.partyKindLabel)),
    h("td", { "data-label": "受け付けた人" }, personOf(names, node.receivedBy)),
    h("td", { "data-label": "対応" }, node.outcome
      ? `${OUTCOMES[node.outcome] || node.outcome}（${dateLabel(node.answeredOn)}・${personOf(names, node.answeredBy)}）`
      : h("strong", {}, "対応待ち")),
    h("td", { class: "number", "data-label": "日数" }, node.daysToAnswer === null ? "—" : `${node.daysToAnswer}日`),
    h("td", { "data-label": "理由・受付の記録" }, node.reason || "", node.note ? h("p", { class: "hint" }, `受付：${node.note}`) : null)));
  put(view,
    h("h1", { tabindex: "-1" }, "消去請求の記録"),
    tabs("erasures"),
    h("p", {}, "センターが受け付けた個人情報の消去請求と、管理者の対応（消去した、または消去しない旨を決定した日と理由）です。受付の新しい順に示します。"),
    h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "erasure-records" },
      h("caption", {}, after ? "消去請求（続き）" : "消去請求"),
      head(["受付日", "団体・個人", "受け付けた人", "対応", "日数", "理由・受付の記録"], ["日数"]),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "6" }, "消去請求の記録はありません"))))),
    records.pageInfo.hasNextPage
      ? h("p", {}, link(`#/audit/erasures?after=${encodeURIComponent(records.pageInfo.endCursor)}`, `さらに前の${READS}件`))
      : null);
  return null;
}

// Every read of personal data across the prefecture, the latest first (or one user's): who,
// when, whose, why, and the request; each party opens on its page, where its own log and
// history are.
async function readsLog(view, query) {
  const reader = query.get("reader") || "";
  const after = query.get("after") || null;
  const [found, vocabulary, staff] = await Promise.all([
    run("PersonalDataLog", { readerId: reader || null, first: READS, after }),
    terms(),
    staffList(),
  ]);
  const names = new Map(staff.map((s) => [s.userId, s.name]));
  const reads = found.personalDataReads;
  const readers = [["", "すべて"], ...staff.map((s) => [s.userId, `${s.name || s.userId}（${labelOf(vocabulary.actorRoles, s.role)}）`])];
  const form = h("form", { class: "filters", role: "search", "aria-label": "閲覧記録の絞り込み",
    onsubmit: (e) => {
      e.preventDefault();
      const chosen = e.target.reader.value;
      location.hash = chosen ? `#/audit/reads?reader=${encodeURIComponent(chosen)}` : "#/audit/reads";
    } },
  field("reads-reader", "閲覧者", select(readers, reader, { name: "reader" })),
  h("button", { type: "submit", class: "primary" }, "絞り込む"));
  const rows = reads.edges.map(({ node }) => h("tr", {},
    h("td", { class: "nowrap", "data-label": "日時" }, dateTimeLabel(node.readAt)),
    h("td", { "data-label": "閲覧者" }, `${personOf(names, node.actorId)}（${labelOf(vocabulary.actorRoles, node.actorRole)}）`),
    h("td", { "data-label": "団体・個人" }, link(`#/parties/${encodeURIComponent(node.partyId)}`, node.party ? node.party.name : "（名簿にない団体）")),
    h("td", { "data-label": "理由" }, node.reason),
    h("td", { "data-label": "要求ID" }, h("code", {}, node.correlationId))));
  const next = new URLSearchParams({ ...(reader ? { reader } : {}), after: reads.pageInfo.endCursor || "" });
  put(view,
    h("h1", { tabindex: "-1" }, "個人情報の閲覧記録"),
    tabs("reads"),
    h("p", {}, "連絡先（個人情報）を誰が、いつ、どの団体・個人について、何のために閲覧したかの記録です。新しい順に示します。"),
    form,
    h("div", { class: "table-wrap" }, h("table", { class: "responsive", id: "reads-log", "data-reader": reader },
      h("caption", {}, after ? "閲覧記録（続き）" : "閲覧記録"),
      head(["日時", "閲覧者", "団体・個人", "理由", "要求ID"]),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "5" }, "閲覧の記録はありません"))))),
    reads.pageInfo.hasNextPage ? h("p", {}, link(`#/audit/reads?${next}`, `さらに前の${READS}件`)) : null);
  return null;
}

async function caseList(view, query, auditor) {
  const number = query.get("number") || "";
  const data = await run("AuditCases", { filter: number ? { number } : null, first: 50 });
  const vocabulary = await terms();
  const form = h("form", { class: "filters", role: "search", "aria-label": "案件の検索",
    onsubmit: (e) => { e.preventDefault(); const v = e.target.number.value.trim(); location.hash = v ? `#/audit?number=${encodeURIComponent(v)}` : "#/audit"; } },
    field("audit-number", "案件番号", h("input", { type: "text", name: "number", value: number }), "番号の全部または先頭（例: 山口-2024）"),
    h("button", { type: "submit", class: "primary" }, "探す"));
  const rows = data.cases.edges.map(({ node }) => h("tr", {},
    h("td", { "data-label": "案件番号" }, link(`#/audit/${encodeURIComponent(node.number)}`, node.number)),
    h("td", { "data-label": "案件名" }, node.title), h("td", { "data-label": "センター" }, labelOf(vocabulary.centres, node.centre)),
    h("td", { "data-label": "状態" }, labelOf(vocabulary.caseStates, node.state)), h("td", { class: "number", "data-label": "版" }, String(node.version))));
  put(view,
    h("h1", { tabindex: "-1" }, "案件の履歴"), auditor ? tabs("cases") : null, form,
    h("div", { class: "table-wrap" }, h("table", { class: "responsive" },
      h("caption", {}, `案件（${data.cases.totalCount}件）`),
      head(["案件番号", "案件名", "センター", "状態", "版"], ["版"]),
      h("tbody", {}, rows))),
    dayForm("digest", "日ごとのダイジェスト（その日の終わりの全記録の要約）", "ダイジェストを表示", showDigest),
    dayForm("library", "ある日の成功事例集（その日の会議が見た公開事例）", "その日の事例集を表示", showLibrary),
  );
}

function yesterdayTokyo() {
  const day = new Date(`${todayTokyo()}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

function dayForm(name, title, button, show) {
  const out = h("div", { id: `${name}-result`, "aria-live": "polite" });
  const date = h("input", { type: "date", name: "date", value: yesterdayTokyo(), max: todayTokyo() });
  const form = h("form", { class: "filters", "aria-label": title,
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        out.replaceChildren(await show(date.value));
      } catch (error) {
        out.replaceChildren(alertBox(error.message, "表示できませんでした"));
      }
    } },
    field(`${name}-date`, "日付", date), h("button", { type: "submit", class: "primary" }, button));
  return h("section", {}, h("h2", {}, title), form, out);
}

async function showDigest(date) {
  const d = (await run("DailyDigest", { date })).dailyDigest;
  return h("div", {},
    h("p", { class: d.intact ? "ok" : "bad" }, d.message),
    h("dl", { class: "snapshot" },
      h("dt", {}, "日付"), h("dd", {}, dateLabel(d.date)),
      h("dt", {}, "締めの時刻"), h("dd", {}, dateTimeLabel(d.cutoff)),
      h("dt", {}, "ダイジェスト（SHA-256）"), h("dd", {}, h("code", {}, d.digest)),
      h("dt", {}, "連鎖の数"), h("dd", {}, String(d.heads)),
      h("dt", {}, "記録の数"), h("dd", {}, String(d.events))));
}

async function showLibrary(date) {
  const found = (await run("LibraryAsOf", { date, first: 50 })).libraryAsOf;
  return h("div", {},
    h("p", {}, `${dateLabel(date)}の終わりに公開されていた事例: ${found.totalCount}件`),
    h("ul", {}, found.edges.map(({ node }) =>
      h("li", {}, `${node.number} ${node.title}（${node.municipalityLabel}、公開 ${dateLabel(node.publishedOn)}）`))));
}

// Who recorded a step, for an auditor: the name where one is recorded, always the user id
// the ledger holds, and the role.
function recorder(names, actor, vocabulary) {
  const role = labelOf(vocabulary.actorRoles, actor.role);
  const name = names.get(actor.userId);
  return name ? `${name}（${actor.userId}・${role}）` : `${actor.userId}（${role}）`;
}

function value(v, vocabulary, key, names) {
  if (v === null || v === undefined) return "—";
  if (key === "facilitatorId") return names.get(v) ? `${names.get(v)}（${v}）` : v;
  if (typeof v === "boolean") return v ? "あり" : "なし";
  if (key === "state") return labelOf(vocabulary.caseStates, v);
  if (key === "result") return labelOf(vocabulary.closureResults, v);
  if (key === "municipality") return labelOf(vocabulary.municipalities, v);
  if (key === "centre") return labelOf(vocabulary.centres, v);
  if (key === "openedOn") return dateLabel(v);
  if (key === "parties") return v.map((p) => `${p.name}（${labelOf(vocabulary.partyRoles, p.role)}${p.active ? "" : "・離脱"}）`).join("、") || "—";
  return String(v);
}

async function history(view, number, query) {
  const [data, vocabulary, names] = await Promise.all([run("CaseHistory", { number, first: 100 }), terms(), staffNames()]);
  const found = data.caseHistory;
  if (!found) {
    put(view, h("h1", { tabindex: "-1" }, "案件が見つかりません"), alertBox(`${number} の履歴はありません`));
    return;
  }
  const verification = h("div", { id: "verification", "aria-live": "polite" });
  const verify = async () => {
    verification.replaceChildren(h("p", {}, "検証しています…"));
    try {
      const v = (await run("VerifyCase", { number })).verifyCase;
      verification.replaceChildren(h("p", { class: v.ok ? "ok" : "bad" },
        `${v.ok ? "✓ 改ざんは見つかりませんでした" : `✗ 版${v.brokenVersion}で連鎖が切れています`}（${v.checkedEvents}件を検証、${dateTimeLabel(v.verifiedAt)}）`),
        h("p", {}, v.message));
    } catch (error) {
      verification.replaceChildren(alertBox(error.message, "検証できませんでした"));
    }
  };
  const bundle = h("div", { id: "bundle-result", "aria-live": "polite" });
  const save = async (event) => {
    event.target.disabled = true;
    try {
      const name = await download(`/exports/audit-bundle?case=${encodeURIComponent(found.number)}`);
      bundle.replaceChildren(h("p", { class: "notice" }, `${name} をダウンロードしました`));
    } catch (error) {
      bundle.replaceChildren(alertBox(error.message, "ダウンロードできませんでした"));
    } finally {
      event.target.disabled = false;
    }
  };
  const snapshot = h("div", { id: "snapshot", "aria-live": "polite" });
  const axis = select(AXES, query.get("axis") || "version", { name: "axis" });
  const input = h("input", { type: "text", name: "at" });
  const inputField = field("asof-value", "版・日時・日付", input);
  const setKind = () => {
    const kind = { version: "number", recordedAt: "datetime-local", occurredOn: "date" }[axis.value];
    input.type = kind;
    if (kind === "number") { input.min = "1"; input.max = String(found.totalCount); input.value ||= String(found.totalCount); }
    if (kind === "date") input.value = todayTokyo();
    if (kind === "datetime-local") input.value = `${todayTokyo()}T23:59`;
  };
  axis.addEventListener("change", () => { input.value = ""; setKind(); });
  setKind();
  const show = async () => {
    const variables = { number };
    if (axis.value === "version") variables.version = Number(input.value);
    if (axis.value === "occurredOn") variables.occurredOn = input.value;
    if (axis.value === "recordedAt") variables.recordedAt = new Date(`${input.value}:00+09:00`).toISOString();
    try {
      const then = (await run("CaseAsOf", variables)).caseAsOf;
      const now = (await run("CaseAsOf", { number, version: then.headVersion })).caseAsOf;
      const rows = SNAPSHOT.map(([key, label]) => {
        const a = value(then[key], vocabulary, key, names);
        const b = value(now[key], vocabulary, key, names);
        const changed = a !== b;
        return h("tr", { class: changed ? "changed" : "" }, h("th", { scope: "row" }, label), h("td", {}, a),
          h("td", {}, b, changed ? h("strong", {}, "（現在と異なる）") : null));
      });
      snapshot.replaceChildren(h("table", {},
        h("caption", {}, `版${then.version}の状態（現在は版${then.headVersion}）`),
        head(["項目", "その時点", "現在"]),
        h("tbody", {}, rows)));
    } catch (error) {
      snapshot.replaceChildren(alertBox(error.message, "表示できませんでした"));
    }
  };
  const picker = h("form", { class: "filters", "aria-label": "ある時点の状態", onsubmit: (e) => { e.preventDefault(); show(); } },
    field("asof-axis", "基準", axis), inputField, h("button", { type: "submit", class: "primary" }, "その時点の状態を表示"));
  const rows = found.edges.map(({ node }) => h("tr", {},
    h("td", { class: "number", "data-label": "版" }, String(node.version)),
    h("td", { class: "nowrap", "data-label": "手続き" }, node.label),
    h("td", { class: "nowrap", "data-label": "業務日" }, dateLabel(node.occurredOn)),
    h("td", { class: "nowrap", "data-label": "記録日時" }, dateTimeLabel(node.recordedAt)),
    h("td", { "data-label": "記録者" }, recorder(names, node.actor, vocabulary)),
    h("td", { class: "nowrap", "data-label": "経路" }, SOURCES[node.source] || node.source),
    h("td", { "data-label": "内容" }, node.summary,
      h("details", {}, h("summary", {}, "記録された値"), h("pre", {}, JSON.stringify(node.details, null, 2))),
      h("p", { class: "meta" }, `相関ID: ${node.correlationId}`)),
    h("td", { class: "nowrap" }, h("button", { type: "button", class: "secondary", onclick: () => { axis.value = "version"; setKind(); input.value = String(node.version); show(); } }, `版${node.version}の状態`))));
  put(view,
    h("p", { class: "breadcrumb" }, link("#/audit", "案件の一覧へ戻る")),
    h("h1", { tabindex: "-1" }, `${found.number} の履歴`),
    h("section", {}, h("h2", {}, "改ざんの検証"), verification,
      h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: verify }, "もう一度検証する"))),
    h("section", {}, h("h2", {}, "監査用バンドル"),
      h("p", { class: "hint", id: "bundle-hint" },
        "この案件の記録を保存されたとおりにハッシュを添えて書き出します（JSON Lines）。お手元で ",
        h("code", {}, "python3 tools/verify_bundle.py ファイル名"), " または ",
        h("code", {}, "kyodo audit verify-bundle ファイル名"), " で、データベースなしに検証できます。"),
      h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", "aria-describedby": "bundle-hint", onclick: save }, "監査用バンドルをダウンロード")),
      bundle),
    h("section", {}, h("h2", {}, "ある時点の状態"), picker, snapshot),
    h("div", { class: "table-wrap" }, h("table", { class: "history responsive" },
      h("caption", {}, `記録された手続き（${found.totalCount}件、記録順）`),
      head(["版", "手続き", "業務日", "記録日時", "記録者", "経路", "内容", "操作"], ["版"]),
      h("tbody", {}, rows))),
  );
  verify();
}
