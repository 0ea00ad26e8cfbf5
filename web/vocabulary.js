// The vocabularies (pickers) and the party directory, asked once per sign-in.
import { run } from "./graphql.js";

let vocabulary = null;
let parties = null;

export async function terms() {
  vocabulary ??= run("FormVocabulary").then((data) => data.vocabulary);
  return vocabulary;
}

export async function partyList() {
  parties ??= (async () => {
    const all = [];
    let after = null;
    for (let page = 0; page < 20; page++) {
      const found = (await run("PartyDirectory", { first: 100, after })).parties;
      all.push(...found.edges.map((edge) => edge.node));
      if (!found.pageInfo.hasNextPage) break;
      after = found.pageInfo.endCursor;
    }
    return all;
  })();
  return parties.catch((error) => {
    parties = null;
    throw error;
  });
}

export function forgetParties() {
  parties = null;
}

export function forget() {
  vocabulary = null;
  parties = null;
}

export function labelOf(list, code) {
  const term = (list || []).find((t) => String(t.code).toLowerCase() === String(code).toLowerCase());
  return term ? term.ja : code;
}
