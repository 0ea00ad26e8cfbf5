// The vocabularies (pickers) and the party directory, asked once per sign-in.
import { allPages, hasOperation, loadOperations, run } from "./graphql.js";

let vocabulary = null;
let parties = null;
let staff = null;
let names = null;

export async function terms() {
  vocabulary ??= run("FormVocabulary").then((data) => ({ ...data.vocabulary, proBonoSkills: data.proBonoSkills }));
  return vocabulary;
}

export async function partyList() {
  parties ??= allPages("PartyDirectory", "parties", 20, { filter: { deregistered: false } }); // a group that left the register is offered no more
  return parties.catch((error) => {
    parties = null;
    throw error;
  });
}

export function forgetParties() {
  parties = null;
}

// The names of kyodo's users by user id (an empty map for a role that may not read them);
// `staffList()` the same users with their role and centre.
export async function staffNames() {
  names ??= staffList().then((list) => new Map(list.map((s) => [s.userId, s.name])));
  return names;
}

export async function staffList() {
  staff ??= loadOperations().then(() =>
    hasOperation("StaffNames") ? run("StaffNames").then((data) => data.staffNames, () => []) : []);
  return staff;
}

// Who a user id is: the name where one is recorded, else the id as the ledger has it.
export function personOf(names, userId) {
  return (names && names.get(userId)) || userId || "";
}

export function forget() {
  vocabulary = null;
  parties = null;
  staff = null;
  names = null;
}

// The roles that facilitate: they write in cases and parties, read contact details with a
// reason and are offered as a case's facilitator (application/permissions.py says so for the
// API; the page only decides what to draw).
export const FACILITATING = new Set(["FACILITATOR", "CHIEF_FACILITATOR"]);

// Where a pro bono worker stands in the bank, and how a match with a case went.
export const BANK_STATUS = { active: "活動中", paused: "休止中", left: "退会" };
export const MATCH_STATUS = { proposed: "提案中", accepted: "承諾", declined: "辞退", completed: "完了" };

export function labelOf(list, code) {
  const term = (list || []).find((t) => String(t.code).toLowerCase() === String(code).toLowerCase());
  return term ? term.ja : code;
}
