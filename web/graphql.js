// The page's only way to the API: the named operations of graphql/operations/, sent one at a
// time with the fragments they use, over HTTP (queries, mutations) or graphql-transport-ws
// (subscriptions); and the files the API writes (an auditor's bundle), downloaded with the token.

const GROUPS = ["session", "facilitator", "party", "meeting", "auditor", "plan", "admin"];
const TOKEN_KEY = "kyodo.token";

let definitions = null; // name -> { kind, text, spreads }

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function split(text) {
  // Top-level definitions of a document: keyword, name and the text up to the matching brace.
  const source = text.replace(/#[^\n]*/g, "");
  const found = new Map();
  const head = /(query|mutation|subscription|fragment)\s+([A-Za-z_]\w*)/g;
  let match;
  while ((match = head.exec(source))) {
    let depth = 0;
    let end = source.indexOf("{", match.index);
    for (; end < source.length; end++) {
      if (source[end] === "{") depth++;
      else if (source[end] === "}" && --depth === 0) break;
    }
    const body = source.slice(match.index, end + 1);
    const spreads = [...body.matchAll(/\.\.\.\s*([A-Za-z_]\w*)/g)]
      .map((m) => m[1])
      .filter((name) => name !== "on");
    found.set(match[2], { kind: match[1], text: body, spreads });
    head.lastIndex = end + 1;
  }
  return found;
}

export async function loadOperations() {
  if (definitions) return definitions;
  const texts = await Promise.all(
    GROUPS.map(async (group) => {
      const response = await fetch(`/web/operations/${group}.graphql`);
      return response.ok ? response.text() : "";
    }),
  );
  definitions = new Map();
  for (const text of texts) for (const [name, def] of split(text)) definitions.set(name, def);
  return definitions;
}

export function hasOperation(name) {
  return Boolean(definitions?.get(name) && definitions.get(name).kind !== "fragment");
}

function documentFor(name) {
  const operation = definitions.get(name);
  if (!operation || operation.kind === "fragment") throw new Error(`unknown operation ${name}`);
  const parts = [operation.text];
  const seen = new Set();
  const pending = [...operation.spreads];
  while (pending.length) {
    const fragment = pending.shift();
    if (seen.has(fragment) || !definitions.has(fragment)) continue;
    seen.add(fragment);
    parts.push(definitions.get(fragment).text);
    pending.push(...definitions.get(fragment).spreads);
  }
  return parts.join("\n");
}

// A fresh idempotency key: sent again with the same step, the server answers the first
// result and records nothing twice (crypto.randomUUID needs a secure context; this does not).
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function run(name, variables = {}, { idempotencyKey } = {}) {
  await loadOperations();
  const headers = {
    "Content-Type": "application/json",
    Accept: "application/json",
    Authorization: `Bearer ${token() || ""}`,
  };
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const response = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify({ query: documentFor(name), variables, operationName: name }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`サーバーから応答がありません（${response.status}）`, "NO_RESPONSE");
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions?.code || "ERROR");
  }
  return body.data;
}

// Every node of a paged connection (`field` of the operation's answer), a hundred at a time,
// at most `pages` pages.
export async function allPages(name, field, pages, variables = {}) {
  const all = [];
  let after = null;
  for (let page = 0; page < pages; page++) {
    const found = (await run(name, { ...variables, first: 100, after }))[field];
    all.push(...found.edges.map((edge) => edge.node));
    if (!found.pageInfo.hasNextPage) break;
    after = found.pageInfo.endCursor;
  }
  return all;
}

// A file the API writes (`/exports/…`): fetched with the token (a plain link would carry none)
// and saved under the name the server gives, or refused with the server's Japanese message.
export async function download(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token() || ""}` } });
  if (!response.ok) {
    let first = null;
    try {
      first = (await response.json()).errors?.[0];
    } catch {
      // no JSON: the status says enough
    }
    throw new ApiError(first?.message || `ダウンロードできませんでした（${response.status}）`, first?.extensions?.code || "ERROR");
  }
  const header = response.headers.get("Content-Disposition") || "";
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(header);
  const plain = /filename="([^"]+)"/.exec(header);
  const name = encoded ? decodeURIComponent(encoded[1]) : plain ? plain[1] : "download";
  const href = URL.createObjectURL(await response.blob());
  const anchor = Object.assign(document.createElement("a"), { href, download: name, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}

export function subscribe(name, variables, onItem, onError) {
  // graphql-transport-ws: connection_init with the token, then one subscription.
  const url = new URL("/graphql", location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url, "graphql-transport-ws");
  let closed = false;
  socket.onopen = () =>
    socket.send(
      JSON.stringify({
        type: "connection_init",
        payload: { Authorization: `Bearer ${token() || ""}` },
      }),
    );
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "connection_ack") {
      const payload = { query: documentFor(name), variables, operationName: name };
      socket.send(JSON.stringify({ id: "1", type: "subscribe", payload }));
    } else if (message.type === "ping") {
      socket.send(JSON.stringify({ type: "pong" }));
    } else if (message.type === "next") {
      if (message.payload.errors?.length) onError?.(message.payload.errors[0].message);
      else onItem(message.payload.data);
    } else if (message.type === "error") {
      onError?.(message.payload?.[0]?.message || "購読できませんでした");
    }
  };
  socket.onclose = (event) => {
    if (!closed && event.code !== 1000) onError?.(event.reason || "ライブ更新が切れました");
  };
  return () => {
    closed = true;
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ id: "1", type: "complete" }));
    }
    socket.close(1000);
  };
}
