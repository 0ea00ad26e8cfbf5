// 登録団体名簿の取り込み (#/parties/import): a centre's roster of registered groups, kept in
// Excel long before the ledger (seed 004, NO 30), registered as the centre's parties. The
// file (CSV in UTF-8 or Shift_JIS, or .xlsx) is checked first — which rows would be
// registered, which the directory already has, and every problem with its row and column —
// and only then imported, all of it or nothing. The server reads the file (one reader for
// the page and `kyodo party import`); the template comes from the server too.
import { download, hasOperation, run } from "./graphql.js";
import { alertBox, announce, field, h, head, link, put, submitting } from "./ui.js";
import { FACILITATING, forgetParties } from "./vocabulary.js";

const OUTCOME = {
  TO_REGISTER: "登録します",
  REGISTERED: "登録しました",
  ALREADY_REGISTERED: "登録済み（取り込みません）",
  CONSENT_TO_CHANGE: "登録済み。事例集への掲載同意を「{}」に変更します",
  CONSENT_CHANGED: "登録済み。事例集への掲載同意を「{}」に変更しました",
  INVALID: "直すところがあります",
};
const said = (r) => OUTCOME[r.outcome].replace("{}", r.consent ? "あり" : "なし") + (r.note ? `（${r.note}）` : "");
const MAX_BYTES = 700 * 1024; // the request's limit (1 MB) less base64's third

// The file's bytes as base64, a chunk at a time (a large file would overflow the arguments
// of one String.fromCharCode call).
async function base64Of(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

function problemsTable(problems) {
  return h("div", { class: "table-wrap" },
    h("table", { class: "responsive roster-problems" },
      h("caption", {}, `直すところ（${problems.length}件）`),
      head(["行", "列", "内容"]),
      h("tbody", {}, problems.map((p) => h("tr", {},
        h("td", { class: "number nowrap", "data-label": "行" }, `${p.line}行目`),
        h("td", { "data-label": "列" }, p.column || "—"),
        h("td", { "data-label": "内容" }, p.message, " ", h("small", { class: "hint" }, h("code", { lang: "en" }, p.code))))))));
}

function rowsTable(roster, kinds) {
  const rows = roster.rows.filter((r) => r.outcome !== "INVALID").map((r) => h("tr", { "data-outcome": r.outcome },
    h("td", { class: "number nowrap", "data-label": "行" }, `${r.line}行目`),
    h("td", { "data-label": "団体名" }, r.partyId ? link(`#/parties/${encodeURIComponent(r.partyId)}`, r.name) : r.name),
    h("td", { "data-label": "種別" }, kinds.get(r.kind) || "—"),
    h("td", { class: "nowrap", "data-label": "市町" }, r.municipalityLabel || "—"),
    h("td", { "data-label": "結果" }, said(r))));
  return h("div", { class: "table-wrap" },
    h("table", { class: "responsive roster-rows" },
      h("caption", {}, roster.recorded ? "取り込んだ結果" : "取り込む前の確認"),
      head(["行", "団体名", "種別", "市町", "結果"]),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: "5" }, "登録できる行はありません")))));
}

function summary(roster) {
  const parts = roster.recorded
    ? [`${roster.registered}件を登録しました`]
    : [`登録する団体 ${roster.toRegister}件`];
  const changes = roster.recorded ? roster.consentChanged : roster.consentToChange;
  parts.push(`登録済みの団体 ${roster.alreadyRegistered + changes}件`);
  if (changes) parts.push(roster.recorded ? `掲載同意を変更した団体 ${changes}件` : `掲載同意を変更する団体 ${changes}件`);
  if (roster.invalid) parts.push(`直すところのある行 ${roster.invalid}件`);
  return h("p", { class: "roster-summary", role: "status" }, parts.join("、"), roster.recorded ? "" : "（まだ何も登録していません）");
}

export async function render(view, route, session, vocabulary) {
  const kinds = new Map(vocabulary.partyKinds.map((t) => [t.code.toUpperCase(), t.ja]));
  const centre = vocabulary.centres.find((c) => c.code === session.viewer.centre)?.ja || "自センター";
  const allowed = hasOperation("ImportPartyRoster") && FACILITATING.has(session.viewer.role);
  const box = h("div", { id: "roster-result", tabindex: "-1" });
  const input = h("input", { type: "file", id: "roster-file", name: "file", accept: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", required: true });
  const check = h("button", { type: "submit", class: "primary" }, "確かめる");
  let checked = null; // the file (base64) of the last check without problems: what 登録する sends

  async function importNow(button) {
    const result = (await run("ImportPartyRoster", { file: checked, dryRun: false })).importPartyRoster;
    if (result.__typename !== "PartyRoster") throw Object.assign(new Error(result.message), { code: result.code, problems: result.problems });
    checked = null;
    forgetParties(); // the case forms' party pickers read the directory afresh
    button.remove();
    box.replaceChildren(summary(result), rowsTable(result, kinds), h("p", {}, link("#/parties", "団体一覧へ")));
    announce(result.consentChanged ? `${result.registered}件を登録し、${result.consentChanged}件の掲載同意を変更しました` : `${result.registered}件を登録しました`);
    box.focus();
  }

  function shown(result) {
    if (result.__typename !== "PartyRoster") {
      return [alertBox(result.message, "取り込めません", result.code), result.problems?.length ? problemsTable(result.problems) : null];
    }
    const parts = [summary(result)];
    if (result.ignoredColumns.length) parts.push(h("p", { class: "hint" }, `読み込まない列: ${result.ignoredColumns.join("、")}（登録されません）`));
    const problems = result.rows.flatMap((r) => r.problems);
    if (problems.length) {
      parts.push(alertBox("直すところのある行があるうちは、どの団体も登録しません。ファイルを直して、もう一度選んでください。", "直すところがあります", "roster_invalid"));
      parts.push(problemsTable(problems));
    }
    parts.push(rowsTable(result, kinds));
    if (!problems.length && (result.toRegister || result.consentToChange)) {
      const label = [result.toRegister ? `${result.toRegister}件を登録` : "", result.consentToChange ? `${result.consentToChange}件の掲載同意を変更` : ""]
        .filter(Boolean).join("し、") + "する";
      const button = h("button", { type: "button", class: "primary", id: "roster-import" }, label);
      const failed = h("div");
      button.addEventListener("click", submitting(button, failed, () => importNow(button),
        (error) => h("div", {}, alertBox(error.message, "登録できませんでした", error.code || null), error.problems?.length ? problemsTable(error.problems) : null)));
      parts.push(h("p", {}, button), failed);
    }
    return parts;
  }

  const form = h("form", {
    class: "filters", "aria-label": "名簿のファイル",
    onsubmit: submitting(check, box, async () => {
      const file = input.files[0];
      if (!file) throw Object.assign(new Error("名簿のファイルを選んでください"), { code: "roster_empty" });
      if (file.size > MAX_BYTES) throw Object.assign(new Error(`ファイルが大きすぎます（${Math.ceil(file.size / 1024)} KB）。700 KB までに分けてください`), { code: "PAYLOAD_TOO_LARGE" });
      const data = await base64Of(file);
      const result = (await run("ImportPartyRoster", { file: data, dryRun: true, wait: false })).importPartyRoster;
      checked = result.__typename === "PartyRoster" ? data : null;
      box.replaceChildren(...shown(result).filter(Boolean));
      announce(result.__typename === "PartyRoster" ? "名簿を確かめました" : result.message);
      box.focus();
    }, (error) => alertBox(error.message, "確かめられませんでした", error.code || null)),
  },
  field("roster-file", "名簿のファイル", input, "CSV（UTF-8 または Shift_JIS）か Excel（.xlsx）。最初のシートを読みます"),
  check);

  const template = (format) => h("button", {
    type: "button", class: "secondary",
    onclick: async () => announce(`${await download(`/exports/party-roster.${format}`)} を保存しました`),
  }, format === "xlsx" ? "見本（Excel）" : "見本（CSV）");

  put(view,
    h("p", { class: "breadcrumb" }, link("#/parties", "団体一覧へ戻る")),
    h("h1", { tabindex: "-1" }, "登録団体名簿の取り込み"),
    h("p", {}, `センターの登録団体名簿を、${centre}の団体として登録します。まず確かめ、直すところがなければ登録します。団体名と市町が同じ団体がすでにあれば、その行は取り込みません。`),
    h("details", { class: "roster-columns" },
      h("summary", {}, "名簿の書き方"),
      h("ul", {},
        h("li", {}, "見出しの行に「団体名」「種別」「市町」を書きます（必須）。ほかに「活動分野」「事例集への掲載同意」「登録日」「担当者名」「電話番号」「メールアドレス」「住所」を読みます。見出しの上の表題の行はかまいません。"),
        h("li", {}, "種別は NPO法人・任意団体・自治会・企業・大学・社会福祉協議会 など、市町は 山口市 のように、活動分野は 、 で区切ります。"),
        h("li", {}, "事例集への掲載同意は はい／いいえ（○／×）、登録日は 2024-04-01 や 令和6年4月1日。空なら同意なし、今日の登録です。"),
        h("li", {}, "担当者名・電話番号・メールアドレス・住所は個人情報として暗号化して保管します。")),
      h("p", {}, template("xlsx"), " ", template("csv"))),
    allowed ? form : h("p", {}, "名簿を取り込めるのは協働ファシリテーターと統括ファシリテーターです。"),
    box);
}
