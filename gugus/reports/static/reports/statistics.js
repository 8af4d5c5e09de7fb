// Charts of the statistics page (vendored Chart.js); numbers come as JSON with a dot, and are
// shown in the page's language. Hidden (suppressed) cells are null and are labelled as hidden.
(function () {
  "use strict";
  if (!window.Chart) return;
  const source = document.getElementById("statistics-charts");
  if (!source) return;
  const charts = JSON.parse(source.textContent);
  const locale = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  const format = new Intl.NumberFormat(locale);
  function draw(id, data, type, horizontal) {
    const canvas = document.getElementById(id);
    if (!canvas || !data) return;
    new Chart(canvas, {
      type: type,
      data: {labels: data.labels, datasets: [{data: data.values, backgroundColor: "#1565c0", borderColor: "#1565c0"}]},
      options: {
        indexAxis: horizontal ? "y" : "x",
        locale: locale,
        plugins: {legend: {display: false}, tooltip: {callbacks: {label: function (ctx) {
          const hidden = data.hidden[ctx.dataIndex];
          return hidden ? hidden : format.format(ctx.parsed[horizontal ? "x" : "y"]);
        }}}},
        scales: {x: {ticks: {precision: 0}}, y: {ticks: {precision: 0}}},
      },
    });
  }
  draw("chart-month", charts.month, "bar", false);
  draw("chart-year", charts.year, "line", false);
  draw("chart-destination", charts.destination, "bar", true);
  draw("chart-exploitation", charts.exploitation, "bar", true);
})();
