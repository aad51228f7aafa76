/* The header menu as disclosures (WAI-ARIA APG "disclosure navigation"): on a phone the whole menu folds
   behind the menu button; the programme office's entries open from their own button. Without JavaScript
   every entry is shown as a plain list. Escape closes what is open and returns focus to its button. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function setOpen(button, panel, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("is-open", open);
  }
  function disclosure(button) {
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) { return null; }
    button.hidden = false;
    button.addEventListener("click", function () {
      setOpen(button, panel, button.getAttribute("aria-expanded") !== "true");
    });
    return { button: button, panel: panel };
  }
  function init() {
    var parts = [];
    document.querySelectorAll(".menu-button, .nav-group-button").forEach(function (button) {
      var part = disclosure(button);
      if (part) { parts.push(part); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      for (var i = parts.length - 1; i >= 0; i--) {
        var part = parts[i];
        if (part.button.getAttribute("aria-expanded") === "true" && part.button.offsetParent !== null) {
          setOpen(part.button, part.panel, false);
          part.button.focus();
          return;
        }
      }
    });
    document.addEventListener("click", function (event) {
      parts.forEach(function (part) {
        if (part.button.classList.contains("nav-group-button") &&
            !part.button.parentNode.contains(event.target)) {
          setOpen(part.button, part.panel, false);
        }
      });
    });
    document.addEventListener("focusin", function (event) {
      parts.forEach(function (part) {
        if (part.button.classList.contains("nav-group-button") &&
            !part.button.parentNode.contains(event.target)) {
          setOpen(part.button, part.panel, false);
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
