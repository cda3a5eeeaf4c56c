// Starts GOV.UK Frontend's components (error summary focus, double-click prevention, ...).
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();

// Long-running form posts (a large import) say so while the server works.
for (const form of document.querySelectorAll("form[data-app-progress]")) {
  form.addEventListener("submit", () => {
    const status = form.querySelector("[role=status]");
    if (status) status.textContent = form.dataset.appProgress;
  });
}

// A background job's page: poll its status and reload once it has finished, announcing progress politely.
const job = document.querySelector("[data-app-job-status]");
if (job && job.dataset.appJobFinished === "false") {
  const bar = document.getElementById("job-progress");
  const count = document.getElementById("job-count");
  const state = document.getElementById("job-state");
  const announce = document.getElementById("job-announce");
  let lastAnnounced = -25;
  const poll = async () => {
    try {
      const response = await fetch(job.dataset.appJobStatus, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const status = await response.json();
      if (status.finished) {
        window.location.reload();
        return;
      }
      if (status.percent !== null) {
        bar.value = status.percent;
        bar.textContent = `${status.percent}%`;
        if (status.percent - lastAnnounced >= 25) {
          announce.textContent = `${status.percent}% done`;
          lastAnnounced = status.percent;
        }
      }
      if (status.total) count.textContent = `${status.done} of ${status.total}`;
      state.textContent = `${status.state_label}${status.note ? `: ${status.note}` : ""}.`;
    } catch {
      // The network failed for a moment: try again at the next tick.
    }
    window.setTimeout(poll, 1500);
  };
  window.setTimeout(poll, 1000);
}
