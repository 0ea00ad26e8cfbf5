// 利用者: the administrator's page. Every account with its name, role, centre and tokens;
// adding a user (a token issued: shown once, to hand over), issuing a new token, naming a user,
// and revoking one token or every token of a user. The API decides; its Japanese message is
// shown when it refuses.
import { hasOperation, run } from "./graphql.js";
import { alertBox, announce, dateLabel, dateTimeLabel, field, h, head, link, opener, put, redrawView, select, submitting } from "./ui.js";

const ROLES = ["FACILITATOR", "CHIEF_FACILITATOR", "MEETING", "AUDITOR", "ADMIN"];
const DAYS = [[7, "7日"], [30, "30日"], [90, "90日"], [365, "1年"]];
let justIssued = null;

// An answer that is not the wanted type: the API's refusal, thrown to the form's alert.
async function write(operation, variables, wanted) {
  const result = Object.values(await run(operation, variables))[0];
  if (result.__typename !== wanted) throw Object.assign(new Error(result.message), { code: result.code });
  return result;
}

const refusal = (error) => alertBox(error.message, "できませんでした", error.code);

// The admin's other duty, told where the admin lands: requests to erase that wait for it.
async function waiting() {
  if (!hasOperation("PersonalDataErasureRequests")) return null;
  const requests = await run("PersonalDataErasureRequests", { first: 200 }).then((d) => d.personalDataErasureRequests, () => []);
  if (!requests.length) return null;
  return h("div", { class: "notice", role: "status", id: "erasure-waiting" },
    h("p", {}, `対応を待っている個人情報の消去請求が${requests.length}件あります（最も古い受付は${dateLabel(requests[0].requestedOn)}）。`, " ",
      link("#/erasure", "消去請求に対応する")));
}

export async function render(view) {
  const [found, notice] = await Promise.all([run("Accounts"), waiting()]);
  const vocabulary = found.vocabulary;
  const roleLabel = (code) => vocabulary.actorRoles.find((t) => t.code.toUpperCase() === code)?.ja || code || "—";
  const centreLabel = (code) => vocabulary.centres.find((t) => t.code === code)?.ja || code || "—";
  // a token just issued, shown this once (the next drawing forgets it)
  const issued = h("div", { id: "issued-token", "aria-live": "polite" }, justIssued ? tokenBox(justIssued) : null);
  justIssued = null;
  const columns = 6;
  const rows = found.accounts.map((a) => {
    const now = Date.now();
    const live = a.tokens.filter((t) => !t.revokedAt && Date.parse(t.expiresAt) > now && !(a.revokedBefore && Date.parse(t.issuedAt) < Date.parse(a.revokedBefore)));
    const tr = h("tr", { "data-user": a.userId },
      h("td", { "data-label": "利用者ID" }, h("code", {}, a.userId)),
      h("td", { "data-label": "氏名" }, a.name || "—"),
      h("td", { "data-label": "役割" }, roleLabel(a.role)),
      h("td", { "data-label": "センター" }, centreLabel(a.centre)),
      h("td", { "data-label": "発行した有効なトークン" }, `${live.length}件`, a.revokedBefore ? h("p", { class: "hint" }, `${dateTimeLabel(a.revokedBefore)}までの発行分は失効`) : null));
    tr.append(h("td", { class: "actions-cell", "data-label": "操作" },
      opener(tr, "氏名", `${a.userId}の氏名を変更`, columns, () => nameForm(a)),
      a.role ? opener(tr, "トークン発行", `${a.userId}のトークン発行`, columns, () => issueForm(a, vocabulary)) : null,
      opener(tr, "失効", `${a.userId}のトークンを失効`, columns, () => revokeForm(a, live))));
    return tr;
  });
  put(view,
    h("h1", { tabindex: "-1" }, "利用者"),
    notice,
    h("p", {}, "利用者ごとの役割とトークンを管理します。トークンは発行したときに一度だけ表示されます。本人に安全な方法で渡してください。"),
    issued,
    h("details", { class: "panel", id: "add-user" },
      h("summary", {}, "利用者を追加する（トークンを発行）"),
      issueForm(null, vocabulary)),
    h("div", { class: "table-wrap" },
      h("table", { class: "accounts responsive" },
        h("caption", {}, `利用者（${found.accounts.length}人）`),
        head(["利用者ID", "氏名", "役割", "センター", "発行した有効なトークン", "操作"]),
        h("tbody", {}, rows))),
  );
  return null;
}

// A token for `account` (null: a new user, whose id, role and centre are typed): shown once.
function issueForm(account, vocabulary) {
  const box = h("div");
  const user = h("input", { type: "text", name: "userId", autocomplete: "off", spellcheck: "false", value: account?.userId || "" });
  const role = select(ROLES.map((r) => [r, vocabulary.actorRoles.find((t) => t.code.toUpperCase() === r)?.ja || r]), account?.role || "FACILITATOR", { name: "role" });
  const centre = select([["", "（なし：県全体）"], ...vocabulary.centres.map((t) => [t.code, t.ja])], account?.centre || "", { name: "centre" });
  const name = h("input", { type: "text", name: "name", maxlength: "50", value: account?.name || "" });
  const days = select(DAYS, 30, { name: "days" });
  const button = h("button", { type: "submit", class: "primary" }, "トークンを発行する");
  const action = async () => {
    const input = {
      userId: user.value.trim(),
      role: role.value,
      centre: centre.value || null,
      days: Number(days.value),
      name: name.value.trim() || null,
    };
    justIssued = await write("IssueToken", { input }, "IssuedToken");
    announce("トークンを発行しました");
    redrawView();
  };
  const fields = account
    ? [field(`days-${account.userId}`, "有効期間", days)]
    : [
      field("new-user", "利用者ID（必須）", user, "半角英数字と記号（例: fac-hagi-02）"),
      field("new-role", "役割（必須）", role),
      field("new-centre", "センター", centre, "協働ファシリテーターは所属センターを選んでください"),
      field("new-name", "氏名", name),
      field("new-days", "有効期間", days),
    ];
  return h("form", { class: "account-form", onsubmit: submitting(button, box, action, refusal) }, box, fields, button);
}

function nameForm(account) {
  const box = h("div");
  const name = h("input", { type: "text", maxlength: "50", value: account.name || "" });
  const button = h("button", { type: "submit", class: "primary" }, "氏名を記録する");
  const action = async () => {
    const typed = name.value.trim();
    await write("NameUser", { userId: account.userId, name: typed || null }, "NamedUser");
    announce(typed ? "氏名を記録しました" : "氏名を消しました");
    redrawView();
  };
  return h("form", { class: "account-form", onsubmit: submitting(button, box, action, refusal) },
    box, field(`name-${account.userId}`, "氏名", name, "空欄にして記録すると氏名を消します"), button);
}

// One token, or every token of the user (those issued later are not touched).
function revokeForm(account, live) {
  const box = h("div");
  const choice = select([["*", "すべてのトークン（これまでに発行した分）"], ...live.map((t) => [t.tokenId, `${t.tokenId.slice(0, 8)}…（${dateTimeLabel(t.issuedAt)}発行）`])], "*");
  const button = h("button", { type: "submit", class: "danger" }, "失効させる");
  const action = async () => {
    if (choice.value === "*") await write("RevokeUser", { userId: account.userId }, "Revoked");
    else await write("RevokeToken", { tokenId: choice.value }, "Revoked");
    announce("失効させました");
    redrawView();
  };
  return h("form", { class: "account-form", onsubmit: submitting(button, box, action, refusal) },
    box, field(`revoke-${account.userId}`, "失効させるトークン", choice, "失効したトークンではサインインできなくなります"), button);
}

// The token just issued, to copy and hand over: the page keeps no other copy.
function tokenBox(token) {
  return h("div", { class: "notice", role: "status" },
    h("p", {}, `${token.userId} のトークンを発行しました（${dateTimeLabel(token.expiresAt)}まで有効）。この表示を離れると二度と表示されません。`),
    h("label", { for: "issued-value" }, "トークン"),
    h("textarea", { id: "issued-value", rows: "3", readonly: true, spellcheck: "false" }, token.token),
    h("button", { type: "button", class: "secondary", onclick: () => navigator.clipboard?.writeText(token.token).then(() => announce("コピーしました")) }, "コピーする"));
}
