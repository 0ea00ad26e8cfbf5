// プロボノワーカーバンク: the bank's indicator (登録者数（累計）, against the plan's target), its
// workers by skill and city — never by name: a worker is a natural person, told apart as the
// party directory tells them — and, for facilitators and the chief, registering a worker in
// the bank and pausing, resuming or ending their work there.
import { hasOperation, run } from "./graphql.js";
import { givenStep, partyLabel, stepForm, stepForms } from "./forms.js";
import { dateLabel, field, filterForm, fiscalYearLabel, h, head, link, opener, put, redrawView, select } from "./ui.js";
import { BANK_STATUS, FACILITATING, partyList, terms } from "./vocabulary.js";

const COLUMNS = ["ワーカー", "スキル", "活動できる市町", "経験・時間", "連絡の同意", "状態"];
// What a worker's row offers, by where they stand in the bank.
const ACTIONS = {
  active: [["PauseProBonoWork", "休止する"], ["LeaveProBonoBank", "退会する"]],
  paused: [["ResumeProBonoWork", "再開する"], ["LeaveProBonoBank", "退会する"]],
  left: [],
};

export async function render(view, route, session) {
  const q = route.query;
  const filter = {
    skill: q.get("skill") || null,
    municipality: q.get("municipality") || null,
    includeInactive: q.get("all") === "1",
  };
  const writes = FACILITATING.has(session.viewer.role) && hasOperation("RegisterProBonoWorker");
  const [found, vocabulary, parties, described, everyone] = await Promise.all([
    run("ProBonoBank", filter),
    terms(),
    partyList(),
    stepForms(),
    // who is in the bank at all, whatever the filters: a party already in it registers no more
    writes ? run("ProBonoBank", { includeInactive: true }).then((d) => d.proBonoBank.workers) : [],
  ]);
  const bank = found.proBonoBank;
  const byId = new Map(parties.map((p) => [p.id, p]));
  const name = (id) => (byId.has(id) ? partyLabel(byId.get(id), vocabulary) : "プロボノワーカー（個人）");
  const steps = new Map(described.steps.map((s) => [s.operation, s]));
  const form = (operation, partyId, label) => {
    const step = steps.get(operation);
    return stepForm(givenStep(step, label, { partyId }), { vocabulary, parties, inputs: described.inputs, onDone: redrawView });
  };
  const columns = COLUMNS.length + (writes ? 1 : 0);
  const rows = bank.workers.map((w) => {
    const tr = h("tr", { "data-party": w.partyId },
      h("td", { "data-label": "ワーカー" }, link(`#/parties/${encodeURIComponent(w.partyId)}`, name(w.partyId)), h("br"), h("small", { class: "hint" }, `${dateLabel(w.registeredOn)}登録`)),
      h("td", { "data-label": "スキル" }, w.skills.map((t) => t.ja).join("、")),
      h("td", { "data-label": "活動できる市町" }, w.municipalities.map((t) => t.ja).join("、") || "—"),
      h("td", { "data-label": "経験・時間" }, `経験${w.yearsOfExperience}年・月${w.hoursPerMonth}時間まで`,
        w.availableUntil ? h("br") : null, w.availableUntil ? `${dateLabel(w.availableUntil)}まで` : null),
      h("td", { "data-label": "連絡の同意" }, w.contactConsent ? "あり" : "なし"),
      h("td", { class: "nowrap", "data-label": "状態" }, BANK_STATUS[w.status] || w.status));
    if (writes) {
      tr.append(h("td", { class: "nowrap no-print", "data-label": "操作" },
        ACTIONS[w.status]?.map(([operation, text]) =>
          steps.has(operation) && hasOperation(operation)
            ? opener(tr, text, `${name(w.partyId)}：${text}`, columns, () => form(operation, w.partyId, steps.get(operation).label))
            : null)));
    }
    return tr;
  });
  const skills = vocabulary.proBonoSkills || [];
  const filters = filterForm("probono", "ワーカーの絞り込み",
    field("probono-skill", "スキル", select([["", "すべて"], ...skills.map((t) => [t.code, t.ja])], q.get("skill"), { name: "skill" })),
    field("probono-municipality", "活動できる市町", select([["", "すべて"], ...vocabulary.municipalities.map((t) => [t.code, t.ja])], q.get("municipality"), { name: "municipality" })),
    field("probono-all", "休止中・退会した人も示す", h("input", { type: "checkbox", name: "all", value: "1", checked: filter.includeInactive })),
    h("button", { type: "submit", class: "primary" }, "絞り込む"));
  const share = bank.target ? Math.min(100, Math.round((bank.registeredTotal * 1000) / bank.target) / 10) : 0;
  put(view,
    h("h1", { tabindex: "-1" }, "プロボノワーカーバンク"),
    h("section", { "aria-labelledby": "probono-figures", id: "probono-indicator" },
      h("h2", { id: "probono-figures" }, "登録者数（累計）"),
      h("p", { class: "figure-line" },
        h("strong", {}, `${bank.registeredTotal}人`),
        `（目標 ${bank.target}人・${fiscalYearLabel(bank.targetFiscalYear)}末まで、達成率 ${share}%）・活動中 ${bank.activeTotal}人`),
      h("progress", { max: String(bank.target || 1), value: String(Math.min(bank.registeredTotal, bank.target || 1)), "aria-label": "目標に対する登録者数" }),
      bank.byFiscalYear.length
        ? h("div", { class: "table-wrap" },
          h("table", { class: "probono-years" },
            h("caption", {}, "年度ごとの新規登録と累計"),
            head(["年度", "新規登録", "累計"], ["新規登録", "累計"]),
            h("tbody", {}, bank.byFiscalYear.map((y) =>
              h("tr", {},
                h("td", {}, fiscalYearLabel(y.fiscalYear)),
                h("td", { class: "number" }, `${y.registered}人`),
                h("td", { class: "number" }, `${y.cumulative}人`))))))
        : null),
    writes ? registerForm(steps.get("RegisterProBonoWorker"), parties, everyone, vocabulary, described) : null,
    h("h2", {}, "ワーカー"),
    filters,
    h("div", { class: "table-wrap" },
      h("table", { class: "probono-workers responsive" },
        h("caption", {}, `${rows.length}人`),
        head(writes ? [...COLUMNS, "操作"] : COLUMNS),
        h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: String(columns) }, "該当するワーカーはいません"))))),
  );
  return null;
}

// A registered pro bono worker (a party of that kind in the directory) joining the bank: the
// parties offered are those not in it now (one who left may register again).
function registerForm(step, parties, everyone, vocabulary, described) {
  if (!step) return null;
  const inBank = new Set(everyone.filter((w) => w.status !== "left").map((w) => w.partyId));
  const offered = parties.filter((p) => p.kind === "PRO_BONO_WORKER" && !inBank.has(p.id)).map((p) => p.id);
  const form = stepForm(step, { vocabulary, parties, listed: offered, inputs: described.inputs, onDone: redrawView });
  return h("details", { class: "panel", id: "probono-register" },
    h("summary", {}, "ワーカーをバンクに登録する"),
    h("p", { class: "hint" }, "個人のプロボノワーカーは、先に団体として登録（種別：プロボノワーカー（個人））してから、ここでスキルと活動できる範囲を登録します。"),
    form);
}
