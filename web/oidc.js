// Sign-in through the organisation's OpenID Connect provider, run by the browser: the
// Authorization Code flow with PKCE (S256), `state` and `nonce` checked, the code verifier kept
// in sessionStorage until the provider sends the user back to this page. The server only says
// where the provider is (/auth/config) and verifies the token as it verifies a pasted one.
import { ApiError } from "./graphql.js";

const PENDING_KEY = "kyodo.oidc.pending";
const ID_TOKEN_KEY = "kyodo.oidc.idToken";
const AGAIN = "もう一度サインインしてください。";

// What /auth/config says of the provider; null when the page cannot ask (the token paste serves).
export async function signInSettings() {
  try {
    const response = await fetch("/auth/config", { headers: { Accept: "application/json" } });
    return response.ok ? (await response.json()).oidc : null;
  } catch {
    return null;
  }
}

function base64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomText() {
  return base64url(crypto.getRandomValues(new Uint8Array(32))); // 43 characters
}

function pageAddress() {
  return `${location.origin}${location.pathname}`;
}

// Leaves for the provider's sign-in page; it sends the user back to this page with a code.
export async function beginSignIn(oidc) {
  if (!crypto.subtle) {
    throw new ApiError("安全な接続（https）ではないため、組織のアカウントでサインインできません。", "OIDC_INSECURE_CONTEXT");
  }
  const pending = {
    state: randomText(),
    nonce: randomText(),
    verifier: randomText(),
    redirectUri: pageAddress(),
    hash: location.hash,
  };
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pending.verifier));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(oidc.authorizationEndpoint);
  const query = {
    response_type: "code",
    client_id: oidc.clientId,
    redirect_uri: pending.redirectUri,
    scope: oidc.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: base64url(new Uint8Array(digest)),
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  location.assign(url.href);
}

function refused(code, reason) {
  return new ApiError(`${reason}。${AGAIN}`, code);
}

const PROVIDER_ERRORS = {
  access_denied: "サインインが取り消されたか、認証サーバーが許可しませんでした",
  login_required: "認証サーバーでのサインインが必要です",
  consent_required: "認証サーバーで利用の同意が必要です",
};

// Whether the address holds the provider's answer (`?code=…&state=…` or `?error=…`).
export function providerAnswered() {
  const answer = new URLSearchParams(location.search);
  return answer.has("code") || answer.has("error");
}

// The token to sign in with, from the provider's answer in the address. Whatever happens, the
// answer is taken out of the address and the pending sign-in is forgotten (a code serves once).
export async function finishSignIn(oidc) {
  const answer = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || "null");
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, "", location.pathname + (pending?.hash || location.hash));
  if (!pending || answer.get("state") !== pending.state) {
    throw refused("OIDC_STATE_MISMATCH", "この画面から始めたサインインへの応答ではありません");
  }
  const error = answer.get("error");
  if (error) throw refused("OIDC_PROVIDER_REFUSED", PROVIDER_ERRORS[error] || `認証サーバーの応答: ${error}`);
  if (!oidc?.available) throw new ApiError(oidc?.message || `組織のアカウントでのサインインは設定されていません。${AGAIN}`, oidc?.code || "OIDC_NOT_CONFIGURED");
  if (answer.has("iss") && answer.get("iss") !== oidc.issuer) {
    throw refused("OIDC_ISSUER_MISMATCH", "応答した認証サーバーが設定と違います");
  }
  const tokens = await exchange(oidc, pending, answer.get("code"));
  if (claims(tokens.id_token)?.nonce !== pending.nonce) {
    throw refused("OIDC_NONCE_MISMATCH", "ID トークンがこのサインインのものではありません");
  }
  sessionStorage.setItem(ID_TOKEN_KEY, tokens.id_token);
  return tokenForTheApi(tokens, oidc.audience);
}

async function exchange(oidc, pending, code) {
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: pending.redirectUri,
    client_id: oidc.clientId,
    code_verifier: pending.verifier,
  });
  let response;
  try {
    response = await fetch(oidc.tokenEndpoint, { method: "POST", body });
  } catch {
    throw refused("OIDC_EXCHANGE_FAILED", "認証サーバーに接続できません");
  }
  let tokens = null;
  try {
    tokens = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  if (!response.ok || !tokens?.access_token) {
    throw refused("OIDC_EXCHANGE_FAILED", `トークンを受け取れませんでした: ${tokens?.error || response.status}`);
  }
  return tokens;
}

// A JWT's claims, unverified: only to check the nonce and pick the token; the API verifies it.
function claims(jwt) {
  try {
    const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

// Whether a token's lifetime is over (by its unverified `exp`; false when it has none).
export function expired(token) {
  const exp = claims(token)?.exp;
  return typeof exp === "number" && exp * 1000 < Date.now();
}

// The token the API verifies (its audience is KYODO_OIDC_AUDIENCE): the access token, meant for
// APIs, when it is a JWT for that audience; else the ID token when its audience (the page's
// client) is the API's, page and API being registered as one client; else the access token,
// and the API says whether it takes it.
export function tokenForTheApi(tokens, audience) {
  const forTheApi = (token) => {
    const found = claims(token);
    if (!found) return false;
    if (!audience) return true;
    return Array.isArray(found.aud) ? found.aud.includes(audience) : found.aud === audience;
  };
  if (forTheApi(tokens.access_token)) return tokens.access_token;
  if (tokens.id_token && forTheApi(tokens.id_token)) return tokens.id_token;
  return tokens.access_token;
}

// Forgets the provider's ID token; where to end the provider's session too, or null (signed in
// by a pasted token, or a provider without an end-session endpoint).
export function endSession(oidc) {
  const idToken = sessionStorage.getItem(ID_TOKEN_KEY);
  sessionStorage.removeItem(ID_TOKEN_KEY);
  if (!idToken || !oidc?.available || !oidc.endSessionEndpoint) return null;
  const url = new URL(oidc.endSessionEndpoint);
  url.searchParams.set("client_id", oidc.clientId);
  url.searchParams.set("post_logout_redirect_uri", pageAddress());
  url.searchParams.set("id_token_hint", idToken);
  return url.href;
}
