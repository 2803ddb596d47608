import { el, millis, shortVersion, time } from "./dom.js";

const outcomeText = { committed: "committed", dryRunPassed: "dry run passed", rejected: "rejected" };

export function outcomeLabel(outcome, dryRun) {
  return el("span", { class: "outcome-" + outcome }, outcomeText[outcome] ?? outcome, dryRun && outcome === "rejected" ? " (dry run)" : "");
}

function list(title, items, className) {
  if (!items || items.length === 0) return null;
  return [el("h3", {}, `${title} (${items.length})`), el("ul", { class: className }, items.map(item => el("li", { class: "mono" }, item)))];
}

// One deploy report as people read it: outcome, versions, the pause, each step, then whatever went wrong.
export function renderReport(report) {
  return el("article", { class: "report", "data-report-id": report.id },
    el("h3", {}, "Report ", el("code", {}, report.id), " — ", outcomeLabel(report.outcome, report.dryRun)),
    el("dl", { class: "facts" },
      fact("began", time(report.beganAt)),
      fact("mode", report.mode + (report.dryRun ? " (dry run)" : "")),
      fact("previous version", shortVersion(report.previousVersionId)),
      fact("new version", shortVersion(report.newVersionId)),
      fact("pause", millis(report.pauseMilli)),
      fact("total", millis(report.totalMilli)),
      report.sequence != null ? fact("record", report.sequence) : null,
      report.migrationCommands ? fact("commands from Migrate", report.migrationCommands) : null),
    report.error ? el("p", { class: "error" }, report.error) : null,
    el("h3", {}, "Steps"),
    el("table", { class: "steps" },
      el("thead", {}, el("tr", {}, el("th", {}, "step"), el("th", {}, "duration"), el("th", {}, "ok"), el("th", {}, "detail"))),
      el("tbody", {}, (report.steps ?? []).map(step => el("tr", {},
        el("td", {}, step.name), el("td", {}, millis(step.durationMilli)),
        el("td", { class: step.ok ? "outcome-committed" : "outcome-rejected" }, step.ok ? "ok" : "failed"),
        el("td", { class: "mono" }, step.detail ?? ""))))),
    list("Diagnostics", report.diagnostics, "diagnostics"),
    list("Mismatches", report.mismatches, "mismatches"),
    report.migrationException ? [el("h3", {}, "Exception"), el("pre", {}, report.migrationException)] : null);
}

function fact(name, value) {
  return el("div", {}, el("dt", {}, name), el("dd", {}, String(value)));
}
