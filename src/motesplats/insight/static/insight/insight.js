/* Draws each insight figure with Chart.js from the configuration beside its canvas (json_script).
   The canvas has an accessible name and description; the table under it carries the same figures. */
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) { return; }
      var config = JSON.parse(source.textContent);
      if (reduce) { config.options.animation = false; }
      new window.Chart(canvas, config);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
