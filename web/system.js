// 運用状況: how kyodo itself is doing, for the admin and the auditors — whether the server is
// ready, each read model's position and lag, the events a read model parked (an admin applies
// one again or leaves it out), and the last time every hash chain was verified (an auditor
// verifies them now). No case data: what `kyodo projections status` and /readyz say.
import { ApiError, hasOperation, run } from "./graphql.js";
import { alertBox, announce, dateTimeLabel, figure, h, head, put, redrawView, submitting } from "./ui.js";

function readiness(status) {
  if (!status.ready && status.catchingUp.length) {
    return alertBox(`起動の前に記録されたイベントを取り込んでいます（${status.catchingUp.length}件の読み取りモデル）。`
      + "終わるまで、一覧や検索の結果が足りないことがあります。", "準備中", "catching_up");
  }
  if (!status.ready) return alertBox("止まっている読み取りモデルがあります。下の表のエラーを確かめてください。", "準備ができていません");
  return h("p", { class: "notice", id: "system-ready" }, `準備ができています。台帳の最後の位置は ${figure(status.head)} です。`);
}

function lag(model) {
  if (!model.lagEvents) return "なし";
  const seconds = model.lagSeconds == null ? "" : `（${Math.round(model.lagSeconds)}秒前から）`;
  return `${figure(model.lagEvents)}件${seconds}`;
}

const STATES = { active: "使用中", building: "作成中", retired: "退役", "not built": "未作成" };

function modelsTable(models) {
  const rows = models.map((m) => h("tr", { "data-model": m.name },
    h("th", { scope: "row", "data-label": "読み取りモデル" }, m.label, h("span", { class: "hint", lang: "en" }, ` ${m.name}`)),
    h("td", { "data-label": "版", class: "num" }, String(m.version)),
    h("td", { "data-label": "状態" }, STATES[m.state] || m.state),
    h("td", { "data-label": "位置", class: "num" }, figure(m.position)),
    h("td", { "data-label": "未処理" }, lag(m)),
    h("td", { "data-label": "保留中", class: "num" }, String(m.parked)),
    h("td", { "data-label": "エラー" }, m.error || "—")));
  return h("section", { "aria-labelledby": "system-models-title" },
    h("h2", { id: "system-models-title" }, "読み取りモデル"),
    h("div", { class: "table-wrap" },
      h("table", { class: "responsive", id: "system-models" },
        h("caption", {}, "一覧・検索・評価指標などを作る読み取りモデルと、台帳のどこまでを取り込んだか"),
        head(["読み取りモデル", "版", "状態", "位置", "未処理", "保留中", "エラー"], [1, 3, 5]),
        h("tbody", {}, rows))));
}

// An admin's button on a parked event: the answer is announced and the view drawn again.
function actOn(event, label, operation, box) {
  const button = h("button", { type: "button", class: "secondary" }, label);
  button.addEventListener("click", submitting(button, box, async () => {
    const answer = Object.values(await run(operation, { readModel: event.readModel, position: event.position }))[0];
    if (answer.__typename !== "ParkedEventHandled") throw new ApiError(answer.message, answer.code);
    announce(answer.message);
    if (!answer.resolved) throw new ApiError(`${answer.message}: ${answer.failedAgain.map((f) => f.error).join("、")}`, "failed_again");
    redrawView();
  }, (error) => alertBox(error.message, "処理できませんでした", error.code)));
  return button;
}

function parkedSection(models, mayResolve) {
  const events = models.flatMap((m) => m.parkedEvents.map((p) => ({ ...p, label: m.label })));
  const box = h("div", { id: "system-parked-error" });
  const rows = events.map((p) => h("tr", { "data-position": String(p.position) },
    h("td", { "data-label": "読み取りモデル" }, p.label),
    h("td", { "data-label": "位置", class: "num" }, figure(p.position)),
    h("td", { "data-label": "イベント" }, h("code", { lang: "en" }, p.topic)),
    h("td", { "data-label": "理由" }, h("code", { lang: "en" }, p.error)),
    h("td", { "data-label": "保留した日時", class: "nowrap" }, dateTimeLabel(p.parkedAt)),
    h("td", { "data-label": "対応" }, p.skipped ? "除外済み（記録は残ります）"
      : mayResolve ? h("span", { class: "actions" },
        actOn(p, "もう一度取り込む", "RetryParkedEvent", box), " ",
        actOn(p, "除外する", "SkipParkedEvent", box))
        : "管理者が対応します")));
  return h("section", { "aria-labelledby": "system-parked-title", id: "system-parked" },
    h("h2", { id: "system-parked-title" }, "保留中のイベント"),
    h("p", { class: "hint" },
      "読み取りモデルが取り込めなかったイベントです。そのモデルはこのイベントを除いて動き続けます。",
      "原因を直してからもう一度取り込むか、除外します（台帳のイベントは変わりません）。"),
    box,
    events.length
      ? h("div", { class: "table-wrap" }, h("table", { class: "responsive" },
        head(["読み取りモデル", "位置", "イベント", "理由", "保留した日時", "対応"], [1]),
        h("tbody", {}, rows)))
      : h("p", {}, "保留中のイベントはありません。"));
}

function verificationSection(last, mayVerify) {
  const box = h("div", { id: "system-verify-result" });
  const said = last
    ? h("p", { id: "system-last-verification", class: last.ok ? "notice" : "alert" },
      `${dateTimeLabel(last.verifiedAt)}: ${last.message}`)
    : h("p", { id: "system-last-verification" }, "台帳全体の改ざん検証はまだ行われていません。");
  const parts = [h("h2", { id: "system-verify-title" }, "改ざん検証"), said];
  if (mayVerify) {
    const button = h("button", { type: "button", class: "primary", id: "system-verify" }, "すべての記録を今すぐ検証する");
    button.addEventListener("click", submitting(button, box, async () => {
      const answer = (await run("VerifyLedger")).verifyLedger;
      if (answer.__typename !== "LedgerVerified") throw new ApiError(answer.message, answer.code);
      announce(answer.verification.message);
      const broken = answer.broken.map((b) => h("li", {}, b.message));
      put(box, h("p", { class: answer.verification.ok ? "notice" : "alert", role: "status" }, answer.verification.message),
        broken.length ? h("ul", {}, broken) : null);
      said.textContent = `${dateTimeLabel(answer.verification.verifiedAt)}: ${answer.verification.message}`;
    }, (error) => alertBox(error.message, "検証できませんでした", error.code)));
    parts.push(h("p", { class: "hint" }, "すべての案件・団体・会議のハッシュチェーンを保存されたイベントから計算し直します。記録が多いと時間がかかります。"),
      button, box);
  } else {
    parts.push(h("p", { class: "hint" }, "検証は監査人が行います（kyodo audit verify --all でも行えます）。"));
  }
  return h("section", { "aria-labelledby": "system-verify-title" }, ...parts);
}

export async function render(view, route, session) {
  const status = (await run("SystemStatus")).systemStatus;
  const role = session?.viewer?.role;
  put(view,
    h("h1", { tabindex: "-1" }, "運用状況"),
    readiness(status),
    modelsTable(status.readModels.filter((m) => m.state !== "retired")),
    parkedSection(status.readModels, role === "ADMIN" && hasOperation("SkipParkedEvent")),
    verificationSection(status.lastVerification, role === "AUDITOR"));
  return null;
}
