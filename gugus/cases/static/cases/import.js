// Upload progress of large files (htmx reports the bytes sent); the rows are then written in one transaction.
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", e => {
    const bar = document.getElementById("import-progress");
    if (bar && e.detail.lengthComputable) { bar.hidden = false; bar.value = Math.round(e.detail.loaded / e.detail.total * 100); }
  });
  document.addEventListener("htmx:afterRequest", () => { const bar = document.getElementById("import-progress"); if (bar) bar.hidden = true; });
})();
