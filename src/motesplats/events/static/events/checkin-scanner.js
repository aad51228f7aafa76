/* Camera scanning of check-in QR codes with the browser's BarcodeDetector.
   Without BarcodeDetector (or without a camera) the page keeps its text field, which always works. */
(function () {
  "use strict";
  var root = document.querySelector("[data-qr-scanner]");
  if (!root) { return; }
  var form = document.getElementById(root.getAttribute("data-form"));
  var input = form ? form.querySelector("input[name=code]") : null;
  var startButton = root.querySelector("[data-scanner-start]");
  var stopButton = root.querySelector("[data-scanner-stop]");
  var video = root.querySelector("video");
  var status = document.querySelector("[data-scanner-status]") || document.createElement("p");
  if (!form || !input || !startButton || !video) { return; }
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    status.textContent = root.getAttribute("data-text-unsupported");
    return;
  }
  root.hidden = false;
  var stream = null;
  var timer = null;
  var lastCode = "";
  var lastAt = 0;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });

  function submit(code) {
    input.value = code;
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
  }

  function scan() {
    if (!stream) { return; }
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      if (codes.length && (codes[0].rawValue !== lastCode || now - lastAt > 4000)) {
        lastCode = codes[0].rawValue;
        lastAt = now;
        submit(lastCode);
      }
    }).catch(function () { /* a frame that cannot be read: try the next one */ });
  }

  function stop() {
    if (timer) { window.clearInterval(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
    startButton.hidden = false;
    stopButton.hidden = true;
    status.textContent = root.getAttribute("data-text-stopped");
  }

  startButton.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      video.play();
      startButton.hidden = true;
      stopButton.hidden = false;
      status.textContent = root.getAttribute("data-text-running");
      timer = window.setInterval(scan, 350);
    }).catch(function () {
      status.textContent = root.getAttribute("data-text-denied");
    });
  });
  stopButton.addEventListener("click", stop);
  window.addEventListener("pagehide", stop);
})();
