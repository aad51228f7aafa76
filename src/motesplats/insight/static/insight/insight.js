/* Draws each insight figure with Chart.js from the configuration beside its canvas (json_script).
   The canvas has an accessible name and description; the table under it carries the same figures. */
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    // the box's height follows its rows: set here, since the Content-Security-Policy allows no style attributes
    document.querySelectorAll(".chart-box[data-rows]").forEach(function (box) {
      box.style.setProperty("--rows", box.getAttribute("data-rows"));
    });
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) { return; }
      var config = JSON.parse(source.textContent);
      var box = canvas.parentNode;
      if (box.classList.contains("chart-box-horizontal")) {
        /* one bar row per category; set here (CSSOM), since the site's CSP allows no style attributes */
        box.style.height = (4 + 2 * config.data.labels.length) + "rem";
      }
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
