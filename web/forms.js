// One form per step, drawn from the schema's input types (/web/steps.json: each field's name,
// GraphQL type, default and the command's Japanese label) with the vocabularies as pickers.
import { newKey, run } from "./graphql.js";
import { alertBox, announce, dateLabel, h, todayTokyo } from "./ui.js";
import { FACILITATING } from "./vocabulary.js";

const ENUMS = {
  PartyRole: "partyRoles",
  PartyKind: "partyKinds",
  CollaborationForm: "collaborationForms",
  ClosureResult: "closureResults",
  ReviewKind: "reviewKinds",
  ImplementationStatus: "implementationStatuses",
  FutureHandling: "futureHandlings",
};
// Fields of nested inputs (value objects) carry no label of their own in the commands.
const NESTED_LABELS = {
  partyId: "団体",
  role: "役割",
  responsibility: "担当する内容",
  indicator: "指標",
  actual: "実績値",
  target: "目標値",
  unit: "単位",
  note: "備考",
  title: "事例のタイトル",
  summary: "概要",
  howStarted: "きっかけ",
  outcomes: "成果",
  lessons: "教訓",
  partyIds: "事例に載せる団体",
  personName: "担当者名",
  email: "メールアドレス",
  phone: "電話番号",
  address: "住所",
};
const CENTRE_FIELDS = new Set(["centre", "hostCentre", "ownerCentre", "attendingCentres"]);

let described = null;
let counter = 0;

export async function stepForms() {
  described ??= fetch("/web/steps.json").then((response) => response.json());
  return described;
}

function shape(type) {
  const required = type.endsWith("!");
  const list = type.startsWith("[");
  const base = type.replace(/[[\]!]/g, "");
  return { required, list, base };
}

function option(value, label, selected) {
  return h("option", { value, selected: Boolean(selected) }, label);
}

function picker(choices, { list, required, value, groups = null }) {
  // `groups`: [label, choices] pairs, `choices` split into option groups.
  const chosen = new Set([].concat(value ?? []).map(String));
  const options = (some) => some.map(([v, label]) => option(v, label, chosen.has(String(v))));
  const shown = groups
    ? groups.filter(([, some]) => some.length).map(([label, some]) => h("optgroup", { label }, options(some)))
    : options(choices);
  const rows = groups ? choices.length + shown.length : choices.length; // a group's heading is a row
  if (list) return h("select", { multiple: true, size: String(Math.min(groups ? 8 : 6, rows)) }, shown);
  return h("select", {}, required ? [] : [option("", "（選択しない）")], shown);
}

function control(spec, context, value) {
  const { required, list, base } = shape(spec.type);
  const v = context.vocabulary;
  const name = spec.name;
  if (base === "Date") {
    const today = name === "occurredOn" || name === "periodStart" ? todayTokyo() : "";
    return h("input", { type: "date", value: value ?? today });
  }
  if (ENUMS[base]) {
    const choices = v[ENUMS[base]].map((t) => [t.code.toUpperCase(), t.ja]);
    return picker(choices, { list, required, value });
  }
  if (base === "ID" && /[pP]arty(Id|Ids)$/.test(name)) {
    const choice = (p) => [p.id, context.describe?.(p) || partyLabel(p, v)];
    const own = new Set(context.caseParties || []);
    const from = spec.parties || context.partiesFrom;
    // parties the page lists for the step (a pro bono match's workers): those only
    if (context.listed) {
      const byId = new Map(context.parties.map((p) => [p.id, p]));
      const listed = context.listed.filter((id) => byId.has(id)).map((id) => choice(byId.get(id)));
      if (!listed.length) return h("select", {}, option("", "（該当する団体はありません）"));
      return picker(listed, { list, required, value });
    }
    if (from === "active" || from === "case") {
      const offered = new Set(from === "active" ? own : context.caseMembers || []);
      return picker(context.parties.filter((p) => offered.has(p.id)).map(choice), { list, required, value });
    }
    const members = ["この案件の団体", context.parties.filter((p) => own.has(p.id)).map(choice)];
    const others = ["ほかの団体", context.parties.filter((p) => !own.has(p.id)).map(choice)];
    // A field for a party not taking part now (a party joining): those come first.
    const groups = own.size ? (from === "outside" ? [others, members] : [members, others]) : null;
    return picker(context.parties.map(choice), { list, required, value, groups });
  }
  if (name === "municipality") {
    // A centre's facilitator records mostly for the centre's own city: chosen first.
    const home = v.centres.find((t) => t.code === context.centre)?.municipality;
    return picker(v.municipalities.map((t) => [t.code, t.ja]), { list, required, value: value ?? home });
  }
  if (name === "fields") return boxes(v.fields.map((t) => [t.code, t.ja]), value, "fields");
  if ((name === "skill" || name === "skills") && v.proBonoSkills) {
    const skills = v.proBonoSkills.map((t) => [t.code, t.ja]);
    return list ? boxes(skills, value, "skills") : picker(skills, { list, required, value: value ?? context.skill });
  }
  if (name === "municipalities" && list) return boxes(v.municipalities.map((t) => [t.code, t.ja]), value, "municipalities");
  if (CENTRE_FIELDS.has(name)) {
    const centres = v.centres.map((t) => [t.code, t.ja]);
    if (list) return boxes(centres, value, "centres"); // every centre in sight, as the SDGs are
    return picker(centres, { list, required, value: value ?? context.centre });
  }
  if (name === "sdgs") return boxes(v.sdgs.map((t) => [t.code, `${t.code}. ${t.ja}`]), value, "sdgs");
  if (name === "replicates" && context.replicable) {
    // A published success case (the library's), by its number and title, not its ID.
    const choices = context.replicable.map((c) => [c.caseId, `${c.number} ${c.title}（${c.municipalityLabel}）`]);
    return picker(choices, { list, required, value });
  }
  if (name === "facilitatorId" && context.staff?.length) return facilitatorInput(context, required, value);
  if (name === "planId" && context.plans) return picker(context.plans.map((p) => [p.id, p.name]), { list, required, value });
  if (base === "Int") return h("input", { type: "number", min: "0", inputmode: "numeric", value: value ?? "" });
  if (base === "Float") return h("input", { type: "text", inputmode: "decimal", value: value ?? "" });
  if (base === "Boolean") return h("input", { type: "checkbox", checked: Boolean(value) });
  if (base === "JSON") return h("textarea", { rows: "3", spellcheck: "false" }, value ?? "");
  if (spec.long) return h("textarea", { rows: "3" }, value ?? "");
  return h("input", { type: "text", value: value ?? "" });
}

// A party in a picker: its name and kind; a pro bono worker, whose name is never shown (the
// directory names it by its kind), by its city and fields instead, so that two can be told apart.
export function partyLabel(p, vocabulary) {
  if (p.name !== p.kindLabel) return `${p.name}（${p.kindLabel}）`;
  const city = (vocabulary.municipalities || []).find((t) => t.code === p.municipality)?.ja || p.municipality;
  const fields = (p.fields || []).map((f) => (vocabulary.fields || []).find((t) => t.code === f)?.ja || f);
  return `${p.name}（${[city, ...fields].join("・")}）`;
}


// A facilitator's user id, typed or picked among the named facilitators (those of the user's
// centre first), each suggested with its name; left empty on a consultation, the user.
function facilitatorInput(context, required, value) {
  const own = (s) => (s.centre === context.centre ? 0 : 1);
  const offered = context.staff.filter((s) => FACILITATING.has(s.role)).sort((a, b) => own(a) - own(b));
  const list = document.getElementById("facilitators") || document.body.appendChild(h("datalist", { id: "facilitators" }));
  list.replaceChildren(...offered.map((s) => h("option", { value: s.userId, label: s.name })));
  const me = context.staff.find((s) => s.userId === context.viewer?.userId);
  const placeholder = required ? "利用者ID（候補から選べます）" : `空欄なら自分（${me ? me.name : context.viewer?.userId || ""}）`;
  return h("input", { type: "text", list: "facilitators", autocomplete: "off", placeholder, value: value ?? "" });
}

// A list of codes as a grid of checkboxes (SDGs, fields of activity): every choice in sight,
// none needing a Ctrl-click as a multiple select does. `kind` says how they are read.
function boxes(choices, value, kind) {
  const chosen = new Set([].concat(value ?? []).map(String));
  const id = `f${++counter}`;
  return h(
    "div",
    { class: "checkboxes", "data-kind": kind, id, tabindex: "-1" },
    choices.map(([code, label]) =>
      h("div", { class: "checkbox" },
        h("input", { type: "checkbox", id: `${id}-${code}`, value: code, checked: chosen.has(String(code)) }),
        h("label", { for: `${id}-${code}` }, label)),
    ),
  );
}

const BOXES = { sdgs: Number, fields: String, centres: String, skills: String, municipalities: String };

function read(element, spec) {
  const { list, base } = shape(spec.type);
  if (BOXES[element.dataset.kind]) {
    return [...element.querySelectorAll("input:checked")].map((box) => BOXES[element.dataset.kind](box.value));
  }
  if (element.tagName === "SELECT" && element.multiple) {
    return [...element.selectedOptions].map((o) => o.value);
  }
  if (element.type === "checkbox") return element.checked;
  const raw = element.value.trim();
  if (raw === "") {
    if (list) return [];
    if (spec.default !== undefined) return spec.default;
    return base === "String" ? "" : null; // the rule, not the schema, then says what is missing
  }
  if (base === "Int" || base === "Float") {
    const figure = Number(raw.replaceAll(",", "")); // 2,445 as documents write it
    if (base === "Int" ? Number.isInteger(figure) : Number.isFinite(figure)) return figure;
    const what = base === "Int" ? "整数" : "数値";
    throw Object.assign(new Error(`「${labelFor(spec).replace("（必須）", "")}」は${what}で入力してください（例: 2,445）`), { code: "not_a_number", field: spec.name });
  }
  if (base === "JSON") {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return element.value;
}

function labelFor(spec) {
  const { required } = shape(spec.type);
  const text = spec.label || NESTED_LABELS[spec.name] || spec.name;
  return required && spec.default === undefined ? `${text}（必須）` : text;
}

// A group of fields: returns the element and a function that reads the values it holds.
function fieldset(specs, context, values = {}) {
  const readers = [];
  const parts = [];
  for (const spec of specs) {
    if (spec.name === "caseId" && context.caseId) {
      readers.push(() => ["caseId", context.caseId]);
      continue;
    }
    const { list, base } = shape(spec.type);
    const nested = context.inputs[base];
    if (nested) {
      const [element, reader] = list
        ? rows(spec, nested, context, values[spec.name])
        : group(spec, nested, context, values[spec.name]);
      parts.push(element);
      readers.push(() => [spec.name, reader()]);
      continue;
    }
    const id = `f${++counter}`;
    const input = control(spec, context, values[spec.name]);
    input.dataset.field = spec.name;
    const hint = base === "JSON" ? '例: {"occurred_on": "2024-05-02"}' : "";
    const wrapper = h("div", { class: "field", "data-for": spec.name });
    if (BOXES[input.dataset.kind]) {
      wrapper.append(h("fieldset", {}, h("legend", {}, labelFor(spec)), input));
    } else {
      input.id = id;
      input.name = spec.name;
      wrapper.append(h("label", { for: id }, labelFor(spec)));
      if (hint) {
        wrapper.append(h("p", { class: "hint", id: `${id}-hint` }, hint));
        input.setAttribute("aria-describedby", `${id}-hint`);
      }
      wrapper.append(input);
    }
    parts.push(wrapper);
    readers.push(() => [spec.name, read(input, spec)]);
  }
  const reader = () => Object.fromEntries(readers.map((r) => r()).filter(([, v]) => v !== null));
  return [parts, reader];
}

// The parties a picker offers where its rule refuses any other, as the command declares them
// (`parties` of a field, or of the nested input holding it: /web/steps.json): "active", those
// taking part now (a party withdrawing, an agreement's roles); "case", every party the case
// had (a published story); "outside", those not taking part now first (a party joining).
function within(spec, context) {
  return spec.parties ? { ...context, partiesFrom: spec.parties } : context;
}

function group(spec, nested, context, values) {
  const [parts, reader] = fieldset(nested, within(spec, context), values || {});
  const element = h("fieldset", { class: "group", "data-for": spec.name }, h("legend", {}, labelFor(spec)), parts);
  const optional = !shape(spec.type).required;
  const read = () => {
    const value = reader();
    const empty = Object.values(value).every((v) => v === "" || v === null || (Array.isArray(v) && !v.length));
    return optional && empty ? null : value; // an optional group left blank is not sent
  };
  return [element, read];
}

function rows(spec, nested, context, initial) {
  const readers = [];
  const list = h("div", { class: "rows" });
  const inner = within(spec, context);
  // Rows given (a correction's, as the step stands), else rows naming the parties taking part
  // (an agreement's roles): a row for each, its party chosen.
  const given = Array.isArray(initial)
    ? initial
    : spec.parties === "active" ? (context.caseParties || []).map((partyId) => ({ partyId })) : [];
  const add = (values = {}) => {
    const index = readers.length + 1;
    const [parts, reader] = fieldset(nested, inner, values);
    list.append(h("fieldset", { class: "row" }, h("legend", {}, `${labelFor(spec).replace("（必須）", "")} ${index}`), parts));
    readers.push(reader);
  };
  for (const values of given) add(values);
  if (!readers.length) add();
  const button = h("button", { type: "button", class: "secondary", onclick: () => add() }, `${labelFor(spec).replace("（必須）", "")}を追加`);
  const element = h("fieldset", { class: "group", "data-for": spec.name }, h("legend", {}, labelFor(spec)), list, button);
  return [element, () => readers.map((r) => r()).filter((row) => Object.values(row).some((v) => v !== "" && !(Array.isArray(v) && !v.length)))];
}

function showRefusal(form, summary, refusal) {
  for (const marked of form.querySelectorAll("[aria-invalid]")) marked.removeAttribute("aria-invalid");
  for (const old of form.querySelectorAll(".field-error")) old.remove();
  // the stable code shown beside the message, as every refusal on the page is: what a user
  // quotes when asking the centre's support
  const box = alertBox(refusal.message, "記録できませんでした", refusal.code || null);
  const target = refusal.field ? form.querySelector(`[data-field="${refusal.field.split(".").pop()}"]`) : null;
  if (target) {
    target.setAttribute("aria-invalid", "true");
    const note = h("p", { class: "field-error", id: `${target.id}-error` }, refusal.message);
    target.before(note);
    target.setAttribute("aria-describedby", `${target.id}-error`);
    box.append(h("p", {}, h("a", { href: `#${target.id}`, onclick: (e) => { e.preventDefault(); target.focus(); } }, "入力欄へ移動")));
  }
  summary.replaceChildren(box);
  box.focus();
}

// `step` as a view records it where the view already gives some of its fields (the row's
// plan, item and year; the worker of a row): those are not drawn, and are sent as `given`.
export function givenStep(step, label, given) {
  return {
    ...step,
    label,
    fields: step.fields.filter((f) => !(f.name in given)),
    prepare: (input) => ({ ...input, ...given }),
  };
}

// The form of one step. `context`: caseId, vocabulary, parties, inputs, centre, onDone.
export function stepForm(step, context) {
  const summary = h("div", { class: "form-summary" });
  const [parts, reader] = fieldset(step.fields, context, context.values || {});
  const button = h("button", { type: "submit", class: "primary" }, `${step.label}を記録する`);
  const form = h("form", { class: "step-form", "data-step": step.operation, novalidate: true }, summary, parts, button);
  // One key per step as typed: a resend after a lost answer (the same input) is recorded
  // once; after a step is recorded, the next one gets a key of its own.
  let sent = null;
  let key = null;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    announce("送信しています");
    try {
      const input = step.prepare ? await step.prepare(reader()) : reader();
      const typed = JSON.stringify(input);
      if (typed !== sent) {
        sent = typed;
        key = newKey();
      }
      const data = await run(step.operation, { input }, { idempotencyKey: key });
      const result = Object.values(data)[0];
      if (result.__typename.endsWith("Payload")) {
        sent = null;
        summary.replaceChildren();
        announce(`${step.label}を記録しました`);
        await context.onDone(result, step);
      } else {
        showRefusal(form, summary, result);
      }
    } catch (error) {
      showRefusal(form, summary, { message: error.message, code: error.code, field: error.field });
    } finally {
      button.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });
  return form;
}

// --- a correction drawn as the corrected step's own form ----------------------------------------

const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camelCase = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

// A step's own fields as they stand: its details as recorded, each correction applied in turn
// (keys as the inputs name them).
export function asCorrected(node) {
  const now = {};
  // the keys of value objects too (a review's outcomes), as their inputs name them
  const inputs = (value) =>
    Array.isArray(value)
      ? value.map(inputs)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [camelCase(k), inputs(v)]))
        : value;
  const apply = (values) => {
    for (const [name, value] of Object.entries(values || {})) now[camelCase(name)] = inputs(value);
  };
  apply(node.details);
  for (const c of node.corrections || []) apply(c.changes);
  now.occurredOn ??= node.occurredOn;
  return now;
}

// The fields of the step an item records that a correction may change, with their labels and
// types as the step's own form has them (/web/steps.json); none where the page has no form.
export function correctableFields(node, described) {
  const of = described.corrections?.[node.__typename.replace(/Item$/, "")];
  const recorded = of && described.steps.find((s) => s.operation === of.operation);
  return recorded ? recorded.fields.filter((f) => of.fields.includes(f.name)) : [];
}

// A field's value as the form shows it (a vocabulary's code as its picker names it) and back.
function shownValue(spec, value) {
  return ENUMS[shape(spec.type).base] && typeof value === "string" ? value.toUpperCase() : value;
}
function sentValue(spec, value) {
  return ENUMS[shape(spec.type).base] && typeof value === "string" ? value.toLowerCase() : value;
}
// Whether a field still holds what it held: a list of codes in any order; a list of value
// objects in order, each by its fields (one left blank is one not given).
function same(a, b) {
  const plain = (v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined && x !== "").sort())
      : v;
  const norm = (v) =>
    Array.isArray(v) ? (v.some((x) => x && typeof x === "object") ? v.map(plain) : [...v].map(String).sort()) : v ?? null;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

// The correction of the step `node` shows: that step's fields, filled as they stand now; what
// the facilitator changes is sent as the correction's changes (the ledger's field names), with
// the reason. A step the page has no form for gets the plain correction form (changes as JSON).
export function correctionForm(correcting, node, described, context) {
  const fields = correctableFields(node, described);
  if (!fields.length) return stepForm(correcting, { ...context, values: { correctedVersion: node.version } });
  const now = asCorrected(node);
  const before = Object.fromEntries(fields.map((f) => [f.name, shownValue(f, now[f.name])]));
  const kind = `${node.__typename}Correction`;
  const step = {
    ...correcting,
    label: `版${node.version}「${node.label}」の訂正`,
    fields: correcting.fields
      .filter((f) => f.name !== "correctedVersion")
      .map((f) => (f.name === "changes" ? { ...f, type: kind, label: `版${node.version}「${node.label}」の内容：直す項目を書き換える` } : f))
      .map((f) => (f.name === "occurredOn" ? { ...f, label: "訂正の日付" } : f)),
    prepare: (input) => {
      const changes = {};
      for (const f of fields) {
        const value = input.changes?.[f.name];
        if (!same(value, before[f.name])) changes[snake(f.name)] = sentValue(f, value);
      }
      return { ...input, correctedVersion: node.version, changes };
    },
  };
  return stepForm(step, { ...context, inputs: { ...context.inputs, [kind]: fields }, values: { changes: before } });
}

// A value of a step's field in words: a vocabulary's Japanese name, a date in Japanese, a list
// joined; a party by its name (`parties`: the directory the page holds).
function inWords(spec, value, vocabulary, parties) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return "（なし）";
  if (Array.isArray(value)) return value.map((v) => inWords(spec, v, vocabulary, parties)).join("、");
  const { base } = shape(spec.type);
  const term = (list) => (list || []).find((t) => String(t.code).toLowerCase() === String(value).toLowerCase())?.ja;
  if (ENUMS[base]) return term(vocabulary[ENUMS[base]]) || String(value);
  if (base === "Date") return dateLabel(value);
  if (base === "Boolean") return value ? "はい" : "いいえ";
  if (spec.name === "fields") return term(vocabulary.fields) || String(value);
  if (spec.name === "municipality") return term(vocabulary.municipalities) || String(value);
  if (spec.name === "sdgs") return term(vocabulary.sdgs) || `SDGs ${value}`;
  return String(value);
}

// Each correction of an item in words: 「参加者数：24 → 30」 for each field it changed, the
// value before it (as recorded, or as an earlier correction left it) and after.
export function correctionsInWords(node, described, vocabulary) {
  const specs = new Map(correctableFields(node, described).map((f) => [f.name, f]));
  const now = asCorrected({ ...node, corrections: [] });
  return (node.corrections || []).map((c) => {
    const changed = Object.entries(c.changes || {}).map(([name, value]) => {
      const key = camelCase(name);
      const spec = specs.get(key) || { name: key, type: "String", label: key };
      const line = `${spec.label || key}：${inWords(spec, now[key], vocabulary)} → ${inWords(spec, value, vocabulary)}`;
      now[key] = value;
      return line;
    });
    return { version: c.version, reason: c.reason, changed };
  });
}
