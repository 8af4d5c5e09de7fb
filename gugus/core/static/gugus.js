// Behaviour every page shares, bound by data attributes so that no page needs an inline script or
// an on*= handler (the Content-Security-Policy allows scripts from this site only).
//   <select data-autosubmit>          sends its form when the choice changes
//   <button data-print>               opens the print dialogue
//   <button data-fill="#id" data-value="v">  puts v into the field #id (a proposal the user accepts)
//   <input data-pick="/pick/region/">  suggests names as the user types (gugus.core.pickers)
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

  // Search-as-you-type: the input's next sibling <ul> lists the names the endpoint answers;
  // choosing one puts the name into the input (the form field resolves it to its code).
  let timer = null;
  function choices(input) { return input.parentElement.querySelector(".picker-choices"); }
  function close(input) {
    const list = choices(input);
    if (list) { list.hidden = true; list.replaceChildren(); }
    input.setAttribute("aria-expanded", "false");
  }
  function suggest(input) {
    const list = choices(input);
    const query = input.value.trim();
    if (!list || query.length < 2) { close(input); return; }
    const url = input.dataset.pick + "?q=" + encodeURIComponent(query.slice(0, 60));
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (input.value.trim() !== query) return;
        list.replaceChildren();
        data.results.forEach(function (name) {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "picker-choice";
          button.setAttribute("role", "option");
          button.textContent = name;
          item.appendChild(button);
          list.appendChild(item);
        });
        list.hidden = data.results.length === 0;
        input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
      })
      .catch(function () { close(input); });
  }
  document.addEventListener("input", function (event) {
    const input = event.target.closest && event.target.closest("[data-pick]");
    if (!input) return;
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(input); }, 200);
  });
  document.addEventListener("click", function (event) {
    const choice = event.target.closest && event.target.closest(".picker-choice");
    if (!choice) return;
    const input = choice.closest(".picker").querySelector("[data-pick]");
    input.value = choice.textContent;
    close(input);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
  // Pressing a name keeps the focus where it is (some browsers do not focus buttons), so the list
  // is still there when the click arrives.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".picker-choice")) event.preventDefault();
  });
  // The list closes when the focus leaves the picker (its input and its names).
  document.addEventListener("focusout", function (event) {
    const picker = event.target.closest && event.target.closest(".picker");
    if (!picker || (event.relatedTarget && picker.contains(event.relatedTarget))) return;
    const input = picker.querySelector("[data-pick]");
    if (input) { clearTimeout(timer); close(input); }
  });
  document.addEventListener("keydown", function (event) {
    const input = event.target.closest && event.target.closest("[data-pick]");
    if (!input) return;
    const list = choices(input);
    if (event.key === "Escape") { close(input); return; }
    if (event.key === "ArrowDown" && list && !list.hidden) {
      const first = list.querySelector("button");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
})();
