// The intake form's steps. Steps are a convenience: without JavaScript every step shows and one
// submit sends them all.
(function () {
  "use strict";
  const form = document.getElementById("intake");
  if (!form) return;
  const steps = Array.from(form.querySelectorAll("fieldset.step"));
  function show(n) {
    steps.forEach(s => { s.hidden = s.dataset.step !== String(n); });
    document.querySelectorAll("[data-step-link]").forEach(l => l.classList.toggle("current", l.dataset.stepLink === String(n)));
  }
  // After a failed submit the server names the step of the first error; each step with an error is marked.
  steps.forEach(s => {
    if (s.querySelector(".error")) document.querySelector(`[data-step-link="${s.dataset.step}"]`)?.classList.add("has-error");
  });
  show(form.dataset.firstErrorStep || 1);
  document.addEventListener("click", e => {
    const go = e.target.closest("[data-go]");
    if (!go) return;
    e.preventDefault();
    show(go.dataset.go);
    const target = go.getAttribute("href") && document.querySelector(go.getAttribute("href"));
    if (target) target.focus();
  });
})();
