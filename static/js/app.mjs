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
