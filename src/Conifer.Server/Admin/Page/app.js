import { ApiError, call, get, session } from "./api.js";
import { bytes, duration, el, millis, show, shortVersion, time } from "./dom.js";
import { outcomeLabel, renderReport } from "./report.js";
import { createStateBrowser } from "./tree.js";

const $ = id => document.getElementById(id);
const statusEvery = 3000;
let statusTimer = null;
let lastReading = null;

const browser = createStateBrowser($("state-tree"), $("state-error"));

function showSignIn(message) {
  clearInterval(statusTimer);
  statusTimer = null;
  $("main").hidden = true;
  $("sign-out").hidden = true;
  $("status-badge").hidden = true;
  $("login").hidden = false;
  show($("login-error"), message);
  $("password").focus();
}

session.onSignedOut(() => {
  session.signOut();
  showSignIn("The admin password is wrong. Try again.");
});

async function signIn(password) {
  // The password is checked with one call before it is kept, so a wrong one never gets stored.
  const { status, body } = await call("api/status", {}, password).catch(e => {
    if (e instanceof ApiError && e.status === 401) return { status: 401, body: null };
    throw e;
  });
  if (status === 401) return "The admin password is wrong. Try again.";
  if (status !== 200) return (body && body.error) || `The server answered ${status}.`;
  session.signIn(password);
  $("login").hidden = true;
  $("main").hidden = false;
  $("sign-out").hidden = false;
  renderStatus(body);
  await Promise.all([loadHistory(), browser.open("$")]);
  statusTimer = setInterval(refreshStatus, statusEvery);
  return null;
}

function fact(name, value, id) {
  return el("div", { id }, el("dt", {}, name), el("dd", {}, value));
}

function renderStatus(status) {
  const badge = $("status-badge");
  badge.textContent = status.status;
  badge.className = "badge status-" + status.status;
  badge.hidden = false;
  // The rate is the change of the events-logged counter between two readings of the server's clock.
  let rate = "measuring…";
  if (lastReading && status.eventsLogged != null && lastReading.eventsLogged != null && status.eventsLogged >= lastReading.eventsLogged) {
    const seconds = (Date.parse(status.now) - Date.parse(lastReading.now)) / 1000;
    if (seconds > 0) rate = ((status.eventsLogged - lastReading.eventsLogged) / seconds).toFixed(1) + " /s";
  }
  lastReading = status;
  const snapshot = status.lastSnapshot;
  $("status-list").replaceChildren(...[
    fact("status", status.status, "status-status"),
    fact("role", roleText(status), "status-role"),
    status.role === "standby" && status.lag ? fact("lag", `${status.lag.records} records, ${millis(status.lag.milli)}`, "status-lag") : null,
    fact("version", shortVersion(status.versionId), "status-version"),
    fact("uptime", duration(status.uptimeSeconds), "status-uptime"),
    fact("last record", status.lastSequence ?? "—", "status-last-record"),
    fact("events logged", status.eventsLogged ?? "—", "status-events"),
    fact("event rate", rate, "status-rate"),
    fact("state size", snapshot ? bytes(snapshot.stateBytes) + " (at the last snapshot)" : "no snapshot yet", "status-state-size"),
    fact("last snapshot", snapshot ? `record ${snapshot.coversThroughSequence}, ${snapshot.recordsBehind} record(s) behind` +
      (snapshot.writtenAt ? `, written ${duration((Date.parse(status.now) - Date.parse(snapshot.writtenAt)) / 1000)} ago` : "") : "none yet", "status-snapshot"),
    status.progress && status.status === "restoring" ? fact("restore", `${status.progress.phase}`, "status-progress") : null,
    status.error ? fact("error", status.error, "status-error") : null,
    ...(status.storeRepairs || []).map((r, i) => fact("store repair", r.text, "status-repair-" + i)),
  ].filter(Boolean));
}

// The role with the writer epoch, and on a standby the primary it follows.
function roleText(status) {
  const epoch = status.epoch != null ? ` (epoch ${status.epoch})` : "";
  const primary = status.role === "standby" && status.primaryUrl ? `, following ${status.primaryUrl}` : "";
  return (status.role ?? "primary") + epoch + primary;
}

async function refreshStatus() {
  try {
    renderStatus(await get("api/status"));
    show($("api-error"), "");
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) show($("api-error"), e.message);
  }
}

async function loadHistory() {
  const body = document.querySelector("#history-table tbody");
  try {
    const history = await get("api/history");
    const deploys = [...history.deploys].reverse();
    body.replaceChildren(...deploys.map(d => el("tr", { "data-report-id": d.id },
      el("td", {}, time(d.beganAt)),
      el("td", {}, outcomeLabel(d.outcome, d.dryRun)),
      el("td", {}, d.mode + (d.dryRun ? " (dry run)" : "")),
      el("td", {}, el("code", { title: d.newVersionId ?? "" }, shortVersion(d.newVersionId))),
      el("td", {}, d.sequence ?? ""),
      el("td", {}, millis(d.pauseMilli)),
      el("td", { class: "error" }, d.error ?? ""),
      el("td", {},
        el("button", { type: "button", class: "quiet", onclick: () => viewReport(d.id) }, "View report"),
        canRevertTo(d, history) ? el("button", { type: "button", class: "quiet revert", onclick: () => revertTo(d) }, "Revert to") : null))));
    $("history-empty").hidden = deploys.length > 0;
  } catch (e) {
    show($("api-error"), e.message);
  }
}

// A committed deploy other than the one running can be returned to.
function canRevertTo(d, history) {
  return d.outcome === "committed" && !d.dryRun && d.sequence != null && d.sequence !== lastCommittedSequence(history);
}

function lastCommittedSequence(history) {
  const committed = history.deploys.filter(d => d.outcome === "committed" && !d.dryRun && d.sequence != null);
  return committed.length ? committed[committed.length - 1].sequence : null;
}

// Names what the revert discards (asked of the server first, changing nothing), then asks.
async function revertTo(d) {
  try {
    const plan = await get("api/revert/" + d.sequence);
    const question = `Revert to deploy record ${plan.toSequence} (version ${shortVersion(plan.versionId)}, ${time(plan.deployedAt)})?\n\n` +
      `This discards ${plan.discardedEvents} event(s), ${plan.discardedAdminChanges} admin change(s) and ${plan.discardedDeploys} deploy(s) ` +
      `logged since then. They stay in the log as history, and the revert can itself be reverted.`;
    if (!window.confirm(question)) return;
    const { status, body } = await call("api/revert/" + d.sequence, { method: "POST" });
    if (status !== 200 && status !== 422) {
      show($("api-error"), (body && body.error) || `The server answered ${status}.`);
      return;
    }
    show($("api-error"), "");
    $("history-report").replaceChildren(renderReport(body));
    await Promise.all([loadHistory(), refreshStatus(), browser.open("$")]);
  } catch (e) {
    show($("api-error"), e.message);
  }
}

async function viewReport(id) {
  const target = $("history-report");
  for (const row of document.querySelectorAll("#history-table tbody tr")) row.classList.toggle("selected", row.dataset.reportId === id);
  try {
    target.replaceChildren(renderReport(await get("api/reports/" + encodeURIComponent(id))));
    target.scrollIntoView({ block: "nearest" });
  } catch (e) {
    show($("api-error"), e.message);
  }
}

// The deploy form: a dry run of the chosen zip first; Deploy commits that same file and option.
let dryRunPassed = null;

function resetDeploy() {
  dryRunPassed = null;
  $("deploy-commit").disabled = true;
}

async function deploy(dryRun) {
  const file = $("deploy-file").files[0];
  const init = $("deploy-init").checked;
  if (!file) return;
  const buttons = [$("deploy-dry-run"), $("deploy-commit")];
  buttons.forEach(b => b.disabled = true);
  show($("deploy-message"), dryRun ? `Dry run of ${file.name}…` : `Deploying ${file.name}…`);
  $("deploy-report").replaceChildren();
  try {
    const { status, body } = await call(`api/deploy?init=${init}&dry-run=${dryRun}`, {
      method: "POST",
      headers: { "Content-Type": "application/zip" },
      body: file,
    });
    if (status === 200 || status === 422) {
      const passed = status === 200;
      show($("deploy-message"), dryRun
        ? passed ? "Dry run passed: nothing was committed. Deploy commits it." : "Dry run rejected: nothing was committed."
        : passed ? `Deployed as version ${shortVersion(body.newVersionId)}.` : "Deploy rejected: nothing was changed.");
      $("deploy-report").replaceChildren(renderReport(body));
      dryRunPassed = dryRun && passed ? { file, init } : null;
      await loadHistory();
      if (!dryRun && passed) {
        await Promise.all([refreshStatus(), browser.open("$")]);
      }
    } else {
      show($("deploy-message"), (body && body.error) || `The server answered ${status}.`);
      dryRunPassed = null;
    }
  } catch (e) {
    show($("deploy-message"), e.message);
    dryRunPassed = null;
  } finally {
    $("deploy-dry-run").disabled = false;
    $("deploy-commit").disabled = !dryRunPassed;
  }
}

$("login-form").addEventListener("submit", async event => {
  event.preventDefault();
  const password = $("password").value;
  show($("login-error"), "");
  try {
    const problem = await signIn(password);
    if (problem) showSignIn(problem);
    else $("password").value = "";
  } catch (e) {
    showSignIn(e.message);
  }
});
$("sign-out").addEventListener("click", () => {
  session.signOut();
  showSignIn("");
});
$("history-refresh").addEventListener("click", loadHistory);
$("state-path-form").addEventListener("submit", event => {
  event.preventDefault();
  browser.open($("state-path").value.trim() || "$");
});
$("deploy-file").addEventListener("change", resetDeploy);
$("deploy-init").addEventListener("change", resetDeploy);
$("deploy-form").addEventListener("submit", event => {
  event.preventDefault();
  deploy(true);
});
$("deploy-commit").addEventListener("click", () => {
  if (dryRunPassed) deploy(false);
});

if (session.password) {
  signIn(session.password).then(problem => { if (problem) showSignIn(problem); }, e => showSignIn(e.message));
} else {
  showSignIn("");
}
