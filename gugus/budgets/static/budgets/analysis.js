// The budget analysis charts (vendored Chart.js). The data come as JSON (json_script) and the
// translated series names as data attributes of the canvas, so the page needs no inline script.
(function () {
  "use strict";
  if (!window.Chart) return;
  const functions = document.getElementById("chart-functions");
  const f = JSON.parse(document.getElementById("function-chart-data").textContent);
  new Chart(functions, {type: "bar", data: {labels: f.labels, datasets: [
    {label: functions.dataset.labelAllocated, data: f.allocated.map(Number)},
    {label: functions.dataset.labelRealised, data: f.realised.map(Number)}]}, options: {indexAxis: "y"}});
  const s = JSON.parse(document.getElementById("source-chart-data").textContent);
  new Chart(document.getElementById("chart-sources"), {type: "bar", data: {labels: s.labels,
    datasets: s.series.map(x => ({label: x.label, data: x.data.map(Number)}))},
    options: {scales: {x: {stacked: true}, y: {stacked: true}}}});
})();
