// Small helpers for building the page: elements, dates in Asia/Tokyo, 和暦, messages.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "text") element.textContent = value;
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, value);
  }
  return put(element, ...children);
}

// `element` with `children` appended, lists flattened, and what is not there (null,
// undefined, false) left out: the DOM's own `append` writes a null as the text "null".
export function put(element, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function todayTokyo() {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date());
}

export function fiscalYearOf(isoDate) {
  const [year, month] = isoDate.split("-").map(Number);
  return month >= 4 ? year : year - 1;
}

export function wareki(fiscalYear) {
  // A fiscal year starts in April: 2019年度 (from April 2019) is 令和元年度.
  const [era, first] = fiscalYear >= 2019 ? ["令和", 2019] : ["平成", 1989];
  const number = fiscalYear - first + 1;
  return `${era}${number === 1 ? "元" : number}年度`;
}

export function fiscalYearLabel(fiscalYear) {
  return `${wareki(fiscalYear)}（${fiscalYear}年度）`;
}

export function dateLabel(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export function dateTimeLabel(iso) {
  if (!iso) return "";
  const moment = new Date(iso);
  return new Intl.DateTimeFormat("ja-JP", {
    timeZone: "Asia/Tokyo",
    dateStyle: "medium",
    timeStyle: "medium",
  }).format(moment);
}

export function alertBox(message, title = "できませんでした", code = null) {
  return h(
    "div",
    { class: "alert", role: "alert", tabindex: "-1", "data-code": code },
    h("p", { class: "alert-title", text: title }),
    h("p", { text: message }),
    code ? h("p", { class: "hint" }, "コード: ", h("code", { lang: "en", text: code })) : null,
  );
}

// A form's submit handler: its button held down while `action` runs, `box` cleared first;
// when `action` throws, `box` shows `alert(error)` and takes the focus.
export function submitting(button, box, action, alert) {
  return async (event) => {
    event.preventDefault();
    button.disabled = true;
    box.replaceChildren();
    try {
      await action();
    } catch (error) {
      box.replaceChildren(alert(error));
      box.firstChild.focus();
    } finally {
      button.disabled = false;
    }
  };
}

export function announce(message) {
  const status = document.getElementById("status");
  status.textContent = "";
  requestAnimationFrame(() => (status.textContent = message));
}

export function field(id, label, control, hint) {
  // A label (and a hint) for every control; the hint is tied with aria-describedby.
  control.id = id;
  const parts = [h("label", { for: id, text: label })];
  if (hint) {
    parts.push(h("p", { class: "hint", id: `${id}-hint`, text: hint }));
    control.setAttribute("aria-describedby", `${id}-hint`);
  }
  return h("div", { class: "field" }, ...parts, control);
}

export function head(labels, numeric = []) {
  // A table's column headings; those of numbers aligned to the right, as their cells are.
  return h("thead", {}, h("tr", {}, labels.map((t) => h("th", { scope: "col", class: numeric.includes(t) ? "number" : "" }, t))));
}

export function wide(fieldBox) {
  // A field on a row of its own in a filter form (a keyword box beside the selects).
  fieldBox.classList.add("wide");
  return fieldBox;
}

export function select(options, value, attributes = {}) {
  return h(
    "select",
    attributes,
    options.map(([v, label]) => h("option", { value: v, selected: String(v) === String(value) }, label)),
  );
}

export function params(hash) {
  const [path, query = ""] = hash.replace(/^#/, "").split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

export function link(href, text, attributes = {}) {
  return h("a", { href, ...attributes }, text);
}

// A case named on a view (`text`, its number by default), opened where `role` reads cases:
// facilitators and chiefs on its page, auditors in its history; others read the words only.
const CASE_PAGES = { FACILITATOR: "cases", CHIEF_FACILITATOR: "cases", AUDITOR: "audit" };
export function caseLink(role, number, text = number) {
  const page = CASE_PAGES[role];
  return page ? link(`#/${page}/${encodeURIComponent(number)}`, text) : text;
}

// A view's filters: a search form that, when sent, shows `#/route?…` with the fields that
// are filled in (the address keeps the filters: a reload or a shared link shows the same).
export function filterForm(route, label, ...fields) {
  const sent = (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const [k, v] of new FormData(event.target)) if (v) chosen.set(k, v);
    location.hash = `#/${route}?${chosen}`;
  };
  return h("form", { class: "filters", role: "search", "aria-label": label, onsubmit: sent }, ...fields);
}

// A figure as Japanese documents write it: 3,000 (no figure: —).
export function figure(value) {
  return value === null || value === undefined ? "—" : Number(value).toLocaleString("ja-JP");
}

// A button in row `tr` that opens, under it, a row holding `form()`; pressed again it closes
// it, and another button of the row puts its own form in its place.
export function opener(tr, text, label, columns, form) {
  const button = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-label": label }, text);
  button.addEventListener("click", () => {
    const open = tr.nextElementSibling?.classList.contains("editing") ? tr.nextElementSibling : null;
    if (open) {
      open.remove();
      for (const other of tr.querySelectorAll('[aria-expanded="true"]')) other.setAttribute("aria-expanded", "false");
      if (open.dataset.by === label) return;
    }
    const editing = h("tr", { class: "editing", "data-by": label }, h("td", { colspan: String(columns) }, form()));
    tr.after(editing);
    button.setAttribute("aria-expanded", "true");
    editing.querySelector("select, input, textarea")?.focus();
  });
  return button;
}

// The view at the address drawn again (after a write it shows): the page's router redraws on
// `hashchange`, which an unchanged address does not fire of itself.
export function redrawView() {
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}
