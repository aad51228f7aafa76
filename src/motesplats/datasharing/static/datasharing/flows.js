// Data flows: organisations as nodes, agreements as arrows from producer to consumer, coloured by status.
(function () {
  "use strict";
  var holder = document.getElementById("flow-picture");
  var source = document.getElementById("flow-data");
  if (!holder || !source || typeof cytoscape === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = { agreed: "#1f5fa8", delivering: "#b35c00", in_use: "#1e7b34", ended: "#6b6b6b" };
  var elements = data.nodes.map(function (n) { return { data: { id: n.id, label: n.label, url: n.url } }; })
    .concat(data.edges.map(function (e) {
      return { data: { id: e.id, source: e.source, target: e.target, label: e.label, url: e.url,
                       colour: colours[e.status] || "#333333", status: e.status } };
    }));
  var cy = cytoscape({
    container: holder,
    elements: elements,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 12, "background-color": "#444444",
                                    "color": "#1a1a1a", "width": 16, "height": 16, "text-wrap": "wrap",
                                    "text-max-width": 120, "text-valign": "bottom" } },
      { selector: "edge", style: { "width": 3, "line-color": "data(colour)", "target-arrow-color": "data(colour)",
                                    "target-arrow-shape": "triangle", "curve-style": "bezier",
                                    "arrow-scale": 1.3 } },
      { selector: "edge[status = 'ended']", style: { "line-style": "dashed" } }
    ],
    minZoom: 0.3,
    maxZoom: 1.2,
    layout: { name: data.nodes.length > 2 ? "cose" : "circle", animate: false, randomize: false, padding: 40,
              nodeRepulsion: 9000, idealEdgeLength: 140 }
  });
  cy.on("tap", "edge, node", function (event) {
    var url = event.target.data("url");
    if (url) { window.location.href = url; }
  });
  holder.setAttribute("data-edges", String(cy.edges().length));
})();
