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

  // After htmx has swapped a fragment: inside <... data-focus-after-settle="selector"> focus the first element
  // matching the selector (the first field of a formset row just added); otherwise focus the swapped element when it can take
  // focus (tabindex) and nothing else has it, so keyboard and screen-reader users land on the new content.
  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail && event.detail.target;
    // an outerHTML swap leaves the event's target detached: look the new element up by its id
    var target = (swapped && swapped.id && document.getElementById(swapped.id)) || swapped;
    var container = target && target.closest && target.closest("[data-focus-after-settle]");
    if (container) {
      var field = container.querySelector(container.getAttribute("data-focus-after-settle"));
      if (field) {
        field.focus();
        return;
      }
    }
    var element = target && target.id ? target : null;
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
