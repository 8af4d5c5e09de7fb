// The network graph (vendored Cytoscape.js), drawn from the group's JSON.
(function () {
  "use strict";
  const box = document.getElementById("graph");
  if (!box || !window.cytoscape) return;
  fetch(box.dataset.url, {credentials: "same-origin"}).then(r => r.json()).then(data => {
    const shapes = {case: "rectangle", person: "ellipse", organisation: "diamond"};
    const colours = {case: "#1f6feb", person: "#2da44e", organisation: "#bf3989"};
    const elements = data.nodes.map(n => ({data: {id: n.id, label: n.label, type: n.type}}))
      .concat(data.edges.map(e => ({data: {id: e.id, source: e.source, target: e.target, label: e.label}})));
    const cy = cytoscape({
      container: box, elements: elements,
      style: [
        {selector: "node", style: {"label": "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 120,
          "shape": n => shapes[n.data("type")] || "triangle", "background-color": n => colours[n.data("type")] || "#d29922"}},
        {selector: "edge", style: {"width": 1, "line-color": "#999", "label": "data(label)", "font-size": 7}},
      ],
      layout: {name: "cose", animate: false},
    });
    window.gugusGraph = cy;
    box.dataset.nodes = cy.nodes().length;
  });
})();
