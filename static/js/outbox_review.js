/* The changes the server did not take from the outbox (a conflict, a refusal), opened one at a time in the panel
   from the outbox's list (outbox_view.js). An entry stays on this device until the person has chosen: its form saved
   (« Garder ma version », or corrected), or « Garder sa version »; then outbox.js is told (outbox-resolved). */
(function () {
  "use strict";
  var kept = [];

  document.addEventListener("outbox-changed", function (event) { kept = event.detail; });

  function entryOf(element) {
    var form = element && element.closest && element.closest("form[data-outbox-entry]");
    return form ? Number(form.dataset.outboxEntry) : null;
  }
  function resolved(id) { document.dispatchEvent(new CustomEvent("outbox-resolved", { detail: id })); }

  /* The server's answer in the panel, in place of whatever was there: one entry shown at a time. */
  function open(id) {
    var entry = kept.filter(function (e) { return e.id === id; })[0], detail = document.getElementById("detail");
    if (!entry || !detail) return;
    var answer = document.createElement("template");  // parsed inert, to mark its form as this entry's
    answer.innerHTML = entry.answer;
    var form = answer.content.querySelector("form[data-outbox]");
    if (form) form.dataset.outboxEntry = String(id);
    htmx.swap(detail, answer.innerHTML, { swapStyle: "innerHTML" });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-review]");
    if (button) { event.preventDefault(); open(Number(button.dataset.review)); return; }
    // « Garder sa version »: the other person's version stays, this device's is given up by this choice.
    if (event.target.closest("form[data-outbox-entry] .conflict a")) resolved(entryOf(event.target));
  });

  // The entry's form saved: the server has it now (a new conflict answers 409, and the entry stays). Told before
  // the answer replaces the form, while the form is still in the page.
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var id = entryOf(event.detail.elt), status = event.detail.xhr.status;
    if (id !== null && status >= 200 && status < 300) resolved(id);
  });
})();
