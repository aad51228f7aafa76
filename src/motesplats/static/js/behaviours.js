// Small behaviours the templates ask for with data- attributes. There are no inline handlers (onclick,
// hx-on): the Content-Security-Policy allows scripts from our own static files only.
(function () {
  "use strict";

  // <button data-print>: print the page (participant list, badges).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // After htmx has swapped a fragment: inside <... data-focus-after-settle="selector"> focus the last element
  // matching the selector (a formset row just added); otherwise focus the swapped element when it can take
  // focus (tabindex) and nothing else has it, so keyboard and screen-reader users land on the new content.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    var container = target && target.closest && target.closest("[data-focus-after-settle]");
    if (container) {
      var matches = container.querySelectorAll(container.getAttribute("data-focus-after-settle"));
      if (matches.length) {
        matches[matches.length - 1].focus();
        return;
      }
    }
    var element = target && target.id && document.getElementById(target.id);
    if (element && element.hasAttribute("tabindex") &&
        (!document.activeElement || document.activeElement === document.body)) {
      element.focus({preventScroll: true});
    }
  });

  // <form data-reset-after-request="selector">: after a successful htmx request, empty the form and focus
  // the field (the check-in form, ready for the next code).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target && event.target.closest && event.target.closest("[data-reset-after-request]");
    if (form && event.detail && event.detail.successful) {
      form.reset();
      var field = form.querySelector(form.getAttribute("data-reset-after-request"));
      if (field) {
        field.focus();
      }
    }
  });
})();
