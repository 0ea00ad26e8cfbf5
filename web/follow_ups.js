// 横展開: where a follow-up a meeting agreed stands — the cases its municipality received that
// replicate its case — and the consultation that takes it up. Shown on the meetings page, on a
// story's page and (the follow-ups not taken up yet) above a centre's cases.
import { hasOperation } from "./graphql.js";
import { caseLink, dateLabel, h, link } from "./ui.js";

const TAKING_UP = new Set(["FACILITATOR", "CHIEF_FACILITATOR"]);

// The consultation that takes a follow-up up: the story it replicates and the city filled in.
export function takeUpLink(followUp) {
  const asked = new URLSearchParams({ replicates: followUp.caseId, municipality: followUp.municipality });
  return link(`#/cases/new?${asked}`, "相談を受け付ける", { class: "button secondary small" });
}

// A case one may read by its number, opening it; another centre's by its day and centre
// alone; none yet, the step that takes it up for the facilitators of the centre that owns it;
// given up (見送り), the day and the reason. `centre`: a centre's name by its code.
export function takenUp(f, centre, viewer) {
  const role = viewer.role;
  const dropped = f.droppedOn ? h("p", { class: "dropped" }, `見送り（${dateLabel(f.droppedOn)}）：${f.dropReason}`) : null;
  if (dropped && !f.replications.length) return dropped;
  if (!f.replications.length) {
    const owner = TAKING_UP.has(role) && viewer.centre === f.ownerCentre && hasOperation("ReceiveConsultation");
    return owner ? h("div", {}, "まだ案件はありません ", takeUpLink(f)) : "まだ案件はありません";
  }
  return [
    dropped,
    h("ul", { class: "plain" }, f.replications.map((r) =>
      h("li", {}, `${dateLabel(r.openedOn)}受付 `, r.number ? caseLink(role, r.number) : `（${centre(r.centre)}）`))),
  ];
}
