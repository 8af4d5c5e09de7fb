// Behaviour every page shares, bound by data attributes so that no page needs an inline script or
// an on*= handler (the Content-Security-Policy allows scripts from this site only).
//   <select data-autosubmit>          sends its form when the choice changes
//   <button data-print>               opens the print dialogue
//   <button data-fill="#id" data-value="v">  puts v into the field #id (a proposal the user accepts)
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const select = event.target.closest && event.target.closest("[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    if (event.target.closest("[data-print]")) { window.print(); return; }
    const fill = event.target.closest("[data-fill]");
    if (fill) {
      const field = document.querySelector(fill.dataset.fill);
      if (field) field.value = fill.dataset.value;
    }
  });
})();
