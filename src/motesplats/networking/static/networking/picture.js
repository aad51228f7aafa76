// The series' network picture: organisations on a circle, grouped by kind (colour and shape), names outward
// along the radius so that none overlaps; ties of the selected seminar that are new drawn strong, earlier
// ones grey. The data (and the threshold) come from the server; the same facts are in the table below.
(function () {
  "use strict";
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof cytoscape === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var COLOURS = ["#1f5fa8", "#6b3fa0", "#0b7a75", "#8a5a00", "#b3005e", "#4a4a4a"];
  var SHAPES = ["ellipse", "round-rectangle", "triangle", "diamond", "hexagon", "star"];
  var n = data.nodes.length;
  var groups = 0, last = null;
  data.nodes.forEach(function (node) { if (node.group !== last) { groups += 1; last = node.group; } });
  var GAP = 1.5;  // empty slots between two kinds
  var slots = n + (groups > 1 ? GAP * groups : 0);
  var radius = Math.max(160, slots * 26 / (2 * Math.PI));
  var FONT = "11px system-ui, sans-serif";
  var measure = document.createElement("canvas").getContext("2d");
  var elements = [], slot = 0;
  last = null;
  data.nodes.forEach(function (node) {
    if (last !== null && node.group !== last) { slot += GAP; }
    last = node.group;
    var angle = -Math.PI / 2 + 2 * Math.PI * slot / slots;
    var right = Math.cos(angle) >= 0;
    // The label's centre sits outside the node along the radius, so the name reads outward, never upside down.
    measure.font = (node["new"] ? "bold " : "") + FONT;
    var away = 12 + measure.measureText(node.label).width / 2;
    elements.push({
      group: "nodes",
      data: { id: "o" + node.id, label: node.label, colour: COLOURS[node.group % COLOURS.length],
              shape: SHAPES[node.group % SHAPES.length], rotation: right ? angle : angle + Math.PI,
              dx: away * Math.cos(angle), dy: away * Math.sin(angle) },
      classes: node["new"] ? "fresh" : "",
      position: { x: radius * Math.cos(angle), y: radius * Math.sin(angle) }
    });
    slot += 1;
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", classes: e["new"] ? "new" : "old",
                    data: { id: "e" + e.source + "-" + e.target, source: "o" + e.source, target: "o" + e.target,
                            weight: e.weight } });
  });
  var top = Math.max(2, data.edges.reduce(function (m, e) { return Math.max(m, e.weight); }, 1));
  var cy = cytoscape({
    container: holder,
    elements: elements,
    layout: { name: "preset", fit: true, padding: 12 },
    userZoomingEnabled: false, userPanningEnabled: false, boxSelectionEnabled: false, autoungrabify: true,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "shape": "data(shape)", "background-color": "data(colour)",
        "width": 16, "height": 16, "font-size": 11, "color": "#1a1a1a", "font-family": "system-ui, sans-serif",
        "text-valign": "center", "text-halign": "center", "text-margin-x": "data(dx)", "text-margin-y": "data(dy)",
        "text-rotation": "data(rotation)", "text-wrap": "none", "min-zoomed-font-size": 0 } },
      { selector: "node.fresh", style: { "border-width": 2, "border-color": "#c2410c", "font-weight": "bold" } },
      { selector: "edge", style: { "curve-style": "straight", "width": "mapData(weight, 1, " + top + ", 1.5, 7)" } },
      { selector: "edge.old", style: { "line-color": "#7b8794", "opacity": 0.45, "z-index": 1 } },
      { selector: "edge.new", style: { "line-color": "#c2410c", "opacity": 0.95, "z-index": 2 } },
      { selector: ".faded", style: { "opacity": 0.08 } },
      { selector: "node.faded", style: { "opacity": 0.35 } }
    ]
  });
  function focus(node) {
    cy.elements().addClass("faded");
    node.closedNeighborhood().removeClass("faded");
  }
  cy.on("mouseover tap", "node", function (evt) { focus(evt.target); });
  cy.on("mouseout", "node", function () { cy.elements().removeClass("faded"); });
  cy.on("tap", function (evt) { if (evt.target === cy) { cy.elements().removeClass("faded"); } });
  window.addEventListener("resize", function () { cy.resize(); cy.fit(undefined, 12); });
})();
