// The page: sign-in (the organisation's account where configured, or a pasted token), a menu
// per role, and one view per address (#/…).
import { ApiError, loadOperations, run, setToken, token } from "./graphql.js";
import { beginSignIn, endSession, expired, finishSignIn, providerAnswered, signInSettings } from "./oidc.js";
import { alertBox, h, params, redrawView, submitting } from "./ui.js";
import { forget, personOf, staffNames } from "./vocabulary.js";

const LIBRARY = ["#/library", "成功事例集"];
const PARTIES = ["#/parties", "団体"];
const KPI = ["#/kpi", "評価指標"];
const PLANS = ["#/plans", "推進計画"];
const MEETINGS = ["#/meetings", "会議"];
const PRO_BONO = ["#/probono", "プロボノ"];
const SYSTEM = ["#/system", "運用状況"];
const MENUS = {
  FACILITATOR: [["#/cases", "案件"], PARTIES, PRO_BONO, LIBRARY, MEETINGS, KPI, PLANS, ["#/audit", "履歴"]],
  CHIEF_FACILITATOR: [["#/cases", "案件"], PARTIES, PRO_BONO, LIBRARY, MEETINGS, KPI, PLANS, ["#/audit", "履歴"]],
  MEETING: [LIBRARY, MEETINGS, KPI, PLANS],
  AUDITOR: [["#/audit", "監査"], PARTIES, PRO_BONO, LIBRARY, MEETINGS, KPI, PLANS, SYSTEM],
  ADMIN: [["#/accounts", "利用者"], ["#/erasure", "個人情報の消去"], SYSTEM],
};
const ROLE_LABELS = {
  FACILITATOR: "協働ファシリテーター",
  CHIEF_FACILITATOR: "統括協働ファシリテーター",
  MEETING: "情報共有・検討会議",
  AUDITOR: "監査人",
  ADMIN: "管理者",
};
const VIEWS = {
  cases: () => import("./cases.js"),
  parties: () => import("./parties.js"),
  library: () => import("./library.js"),
  kpi: () => import("./kpi.js"),
  plans: () => import("./plans.js"),
  meetings: () => import("./meetings.js"),
  probono: () => import("./probono.js"),
  accounts: () => import("./accounts.js"),
  erasure: () => import("./erasure.js"),
  audit: () => import("./audit.js"),
  system: () => import("./system.js"),
};

const session = { viewer: null };
const AGAIN = "もう一度サインインしてください";
let cleanup = null;
let shown = 0;
let notice = null; // why the user was signed out or not signed in: { message, title, code }
let oidc = null; // what /auth/config says of the organisation's sign-in

async function signIn(value) {
  setToken(value.trim().replace(/^Bearer\s+/i, ""));
  try {
    const answer = await run("Viewer");
    const centre = answer.vocabulary.centres.find((c) => c.code === answer.viewer.centre);
    session.viewer = { ...answer.viewer, centreName: centre?.ja || answer.viewer.centre };
    notice = null;
  } catch (error) {
    const refused = why(error);
    setToken(null);
    session.viewer = null;
    throw refused;
  }
}

// The API refused the token in hand: said plainly when its lifetime is over.
function why(error) {
  if (error.code !== "UNAUTHENTICATED" || !expired(token())) return error;
  return new ApiError("サインインの有効期限が切れました。", "TOKEN_EXPIRED");
}

// Signed out by the user: the provider's session ends too where it can. Signed out because
// the API refused the token (`reason`): back to the sign-in form, saying why.
function signOut(reason, code) {
  setToken(null);
  forget();
  session.viewer = null;
  const provider = endSession(oidc);
  notice = reason ? { message: reason, title: AGAIN, code } : null;
  if (provider && !reason) {
    location.assign(provider); // it sends the browser back to this page
    return;
  }
  if (location.hash.length > 1) location.hash = ""; // hashchange shows the sign-in form
  else show();
}

function menu() {
  const nav = document.getElementById("nav");
  const items = MENUS[session.viewer.role] || [];
  nav.replaceChildren(h("ul", {}, items.map(([href, label]) => h("li", {}, h("a", { href }, label)))));
  nav.hidden = false;
  const who = document.getElementById("who");
  const viewer = session.viewer;
  const centre = viewer.centre ? `・${viewer.centreName}` : "";
  const label = document.getElementById("who-label");
  const say = (person) => (label.textContent = `${ROLE_LABELS[viewer.role] || viewer.role}（${person}${centre}）`);
  say(viewer.userId);
  // The user's name, where the accounts have one (and the role may read names).
  staffNames().then((names) => session.viewer === viewer && say(personOf(names, viewer.userId)));
  who.hidden = false;
}

function signInForm() {
  const input = h("textarea", {
    id: "token",
    name: "token",
    rows: "3",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "token-hint",
  });
  // The reason stays until the user signs in again: two views refused at once sign out twice,
  // and the second drawing of this form must still say why.
  const errors = h("div", { id: "sign-in-error" }, notice ? alertBox(notice.message, notice.title, notice.code) : null);
  const offered = Boolean(oidc?.enabled && oidc.available);
  const button = h("button", { type: "submit", class: offered ? "secondary" : "primary" }, "サインイン");
  const form = h(
    "form",
    {
      id: "sign-in-form",
      onsubmit: submitting(
        button,
        errors,
        async () => {
          await signIn(input.value);
          if (!location.hash || location.hash === "#/") location.hash = home();
          show();
        },
        (error) => alertBox(error.message, "サインインできませんでした", error.code),
      ),
    },
    h("div", { class: "field" },
      h("label", { for: "token", text: "トークン" }),
      h("p", { class: "hint", id: "token-hint" },
        "担当者から受け取ったトークン（Bearer から始まる文字列）を貼り付けてください。",
        "デモでは make run が表示します。"),
      input),
    button,
  );
  return h(
    "section",
    { class: "sign-in" },
    h("h1", { tabindex: "-1" }, "サインイン"),
    errors,
    organisationSignIn(errors),
    oidc?.enabled ? h("h2", {}, "トークンを貼り付けてサインイン") : null,
    form,
  );
}

// The organisation's account (OpenID Connect) where configured; the provider away: why not.
function organisationSignIn(errors) {
  if (!oidc?.enabled) return null;
  if (!oidc.available) {
    return h("div", { id: "oidc-unavailable", class: "notice warning" },
      h("p", { text: oidc.message }),
      h("p", { class: "hint" }, "コード: ", h("code", { lang: "en", text: oidc.code })));
  }
  const button = h("button", { type: "button", id: "oidc-sign-in", class: "primary" }, "組織のアカウントでサインイン");
  button.addEventListener("click", async () => {
    button.disabled = true;
    errors.replaceChildren();
    try {
      await beginSignIn(oidc); // the browser leaves for the provider
    } catch (error) {
      errors.replaceChildren(alertBox(error.message, "サインインできませんでした", error.code));
      errors.firstChild.focus();
      button.disabled = false;
    }
  });
  return h("div", { class: "field" },
    h("p", { class: "hint" }, "所属する組織のアカウント（認証サーバー）でサインインします。"),
    button);
}

function home() {
  const items = MENUS[session.viewer?.role] || [];
  return items.length ? items[0][0] : "#/";
}

async function show() {
  cleanup?.();
  cleanup = null;
  // Each view renders into its own element, shown only if no later showing (another
  // address, a sign-out) came meanwhile.
  const generation = ++shown;
  const view = document.getElementById("view");
  const signedIn = Boolean(session.viewer);
  document.getElementById("nav").hidden = !signedIn;
  document.getElementById("who").hidden = !signedIn;
  if (!signedIn) {
    view.replaceChildren(signInForm());
    return;
  }
  menu();
  const route = params(location.hash);
  const name = route.parts[0];
  if (!VIEWS[name]) {
    const items = MENUS[session.viewer.role] || [];
    if (items.length) {
      location.replace(items[0][0]);
      return;
    }
    view.replaceChildren(
      h("h1", { tabindex: "-1" }, "この役割で使える画面はありません"),
      h("p", {}, "この役割の操作はコマンドライン kyodo で行います。"),
    );
    return;
  }
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.getAttribute("href") === `#/${name}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const target = h("div");
  let stop = null;
  try {
    const module = await VIEWS[name]();
    // The session as it stands now: a sign-out while the view waits for its answers leaves
    // the view its viewer (its rendering is then dropped, below).
    stop = (await module.render(target, route, { ...session })) || null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === "UNAUTHENTICATED") {
      // Another view refused at the same moment has signed out already, saying why (with
      // the token in hand, which this one can no longer see): nothing to add.
      if (!session.viewer) return;
      // The token expired or was revoked: back to the sign-in form, saying why.
      const refused = why(error);
      signOut(refused.message, refused.code);
      return;
    }
    target.replaceChildren(h("h1", { tabindex: "-1" }, "表示できません"), alertBox(error.message, undefined, error.code));
  }
  if (generation !== shown) {
    stop?.();
    return;
  }
  cleanup = stop;
  view.replaceChildren(target);
  document.querySelector("#view h1")?.focus({ preventScroll: false });
}

// Back from the provider (`?code=…` or `?error=…`): signed in with its token, or signed out
// saying why.
async function returnFromProvider() {
  try {
    await signIn(await finishSignIn(oidc));
  } catch (error) {
    setToken(null);
    endSession(null); // forget the provider's ID token too
    notice = { message: error.message, title: "組織のアカウントでサインインできませんでした", code: error.code };
  }
}

// Just after the server started over a loaded store, its read models are still taking in
// what was stored (/readyz names them in `catchingUp`): lists and searches show too little
// until then. Said above the view, asked again every second; once they have caught up the
// note goes and the view is drawn again, now whole.
const WARMING_POLL_MS = 1000;
async function watchWarming() {
  const note = document.getElementById("warming");
  let waited = false;
  for (;;) {
    let behind = [];
    try {
      const answer = await fetch("/readyz", { cache: "no-store" });
      behind = (await answer.json()).catchingUp || [];
    } catch {
      behind = []; // the server away: the views say so themselves
    }
    if (!behind.length) break;
    waited = true;
    note.textContent = `データを準備しています（起動の前に記録されたイベントを取り込み中: あと${behind.length}件の読み取りモデル）。終わるまで、一覧や検索の結果が足りないことがあります。`;
    note.hidden = false;
    await new Promise((done) => setTimeout(done, WARMING_POLL_MS));
  }
  note.hidden = true;
  note.textContent = "";
  if (waited && session.viewer) redrawView();
}

async function start() {
  document.getElementById("sign-out").addEventListener("click", () => signOut());
  window.addEventListener("hashchange", show);
  const operations = loadOperations();
  // Asked beside the rest: the provider away, the server may take a few seconds to say so.
  const settings = signInSettings().then((found) => (oidc = found));
  if (providerAnswered()) {
    await settings;
    await returnFromProvider();
  } else if (token()) {
    try {
      await signIn(token());
    } catch (error) {
      // an expired or foreign token: sign in again, saying why
      notice = { message: error.message, title: AGAIN, code: error.code };
    }
  }
  await operations;
  if (!session.viewer) await settings; // the sign-in form offers what is configured
  await show();
  document.body.dataset.ready = "true";
  watchWarming();
}

start();
