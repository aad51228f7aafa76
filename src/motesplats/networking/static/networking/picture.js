// Network picture of the series: organisations as nodes, met-at-seminar links that thicken seminar by seminar.
(function () {
  "use strict";
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof cytoscape === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var slider = document.getElementById("picture-step");
  var output = document.getElementById("picture-step-label");
  var elements = data.nodes.map(function (n) { return { data: { id: "o" + n.id, label: n.label } }; });
  var cy = cytoscape({
    container: holder,
    elements: elements,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 9, "background-color": "#1f5fa8",
                                    "color": "#1a1a1a", "width": 14, "height": 14, "text-wrap": "ellipsis",
                                    "text-max-width": 90 } },
      { selector: "edge", style: { "width": "mapData(weight, 1, 10, 1, 8)", "line-color": "#8a4f7d",
                                    "opacity": 0.6, "curve-style": "haystack" } }
    ],
    layout: { name: "circle" }
  });
  function step(k) {
    var s = data.steps[k - 1];
    cy.edges().remove();
    cy.add(s.edges.map(function (e) {
      return { data: { id: "e" + e.source + "-" + e.target, source: "o" + e.source, target: "o" + e.target,
                       weight: e.weight } };
    }));
    output.textContent = s.event + " (" + s.date + "): " + s.cross_org_ties;
  }
  slider.addEventListener("input", function () { step(parseInt(slider.value, 10)); });
  step(parseInt(slider.value, 10));
})();
