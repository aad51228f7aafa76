// Projector view: shows one round at a time and counts down the round's minutes. No inline script (CSP).
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main) { return; }
  var minutes = parseInt(main.dataset.roundMinutes || "10", 10);
  var rounds = parseInt(main.dataset.rounds || "1", 10);
  var views = document.querySelectorAll(".projector-round-view");
  var label = document.getElementById("current-round-label");
  var clock = document.getElementById("countdown");
  var current = 1, left = minutes * 60, timer = null;

  function show() {
    views.forEach(function (v) { v.hidden = parseInt(v.dataset.round, 10) !== current; });
    label.textContent = main.dataset.labelRound + " " + current + " / " + rounds;
  }
  function draw() {
    if (left <= 0) { clock.textContent = main.dataset.labelDone; clock.classList.add("done"); return; }
    clock.classList.remove("done");
    var m = Math.floor(left / 60), s = left % 60;
    clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() { left -= 1; draw(); if (left <= 0) { stop(); } }
  function stop() { if (timer) { clearInterval(timer); timer = null; } }
  function go(delta) {
    var next = Math.min(rounds, Math.max(1, current + delta));
    if (next === current) { return; }
    current = next; left = minutes * 60; stop(); show(); draw();
  }
  document.getElementById("start-timer").addEventListener("click", function () {
    if (timer) { stop(); } else { if (left <= 0) { left = minutes * 60; } timer = setInterval(tick, 1000); }
  });
  document.getElementById("next-round").addEventListener("click", function () { go(1); });
  document.getElementById("prev-round").addEventListener("click", function () { go(-1); });
  document.addEventListener("keydown", function (e) {
    if (e.target.tagName === "BUTTON") { return; }
    if (e.key === "ArrowRight") { go(1); } else if (e.key === "ArrowLeft") { go(-1); }
    else if (e.key === " ") { e.preventDefault(); document.getElementById("start-timer").click(); }
  });
  // During the session the view opens at the round that is running now, with the time left of it.
  var starts = Date.parse(main.dataset.starts || "");
  if (!isNaN(starts)) {
    var elapsed = Math.floor((Date.now() - starts) / 1000);
    if (elapsed > 0 && elapsed < rounds * minutes * 60) {
      current = Math.floor(elapsed / (minutes * 60)) + 1;
      left = minutes * 60 - (elapsed % (minutes * 60));
      timer = setInterval(tick, 1000);
    }
  }
  show(); draw();
})();
