// Runs the graphql-http server audit against a running server.
// Usage: node audit.mjs URL TOKEN — prints one JSON line per audit, exits 1 on any
// MUST or SHOULD failure (MAY failures are reported, not fatal).
import { serverAudits } from 'graphql-http';

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) =>
  fetch(input, {
    ...init,
    headers: { ...(init.headers || {}), authorization: `Bearer ${token}` },
  });

let failed = 0;
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  const fatal = result.status !== 'ok' && !audit.name.startsWith('MAY');
  if (fatal) failed += 1;
  console.log(JSON.stringify({ id: audit.id, name: audit.name, status: result.status, reason: result.reason }));
}
process.exit(failed ? 1 : 0);
