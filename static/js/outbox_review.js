/* The changes the server did not take from the outbox (a conflict, a refusal), opened one at a time in the panel
   from the outbox's list (outbox_view.js), what they hold shown as text below the server's answer. An entry stays on
   this device until the person has chosen: its form saved (« Garder ma version », or corrected), « Garder sa
   version », or « Abandonner ce changement »; then outbox.js is told (outbox-resolved). */
(function () {
  "use strict";
  var kept = [];

  document.addEventListener("outbox-changed", function (event) { kept = event.detail; });

  function entryOf(element) {
    var form = element && element.closest && element.closest("form[data-outbox-entry]");
    return form ? Number(form.dataset.outboxEntry) : null;
  }
  function resolved(id) { document.dispatchEvent(new CustomEvent("outbox-resolved", { detail: id })); }

  var UNSHOWN = ["csrf_token", "uuid", "version", "geometry", "walk", "accuracy", "zone"];  // none a person typed

  /* What the entry holds, as text: each field by its label in the server's answer (its name without one). */
  function contentCard(entry, answer) {
    var card = document.getElementById("outbox-entry").content.cloneNode(true), list = card.querySelector("[data-fields]");
    card.querySelector("[data-label]").textContent = entry.label;
    entry.fields.forEach(function (field) {
      var value = field[1] instanceof Blob ? field[1].name : String(field[1]);
      if (UNSHOWN.indexOf(field[0]) >= 0 || !value) return;
      var label = answer.content.querySelector('label[for="' + CSS.escape(field[0]) + '"]');
      var option = answer.content.querySelector('select[name="' + CSS.escape(field[0]) + '"] option[value="' + CSS.escape(value) + '"]');
      var term = document.createElement("dt"), text = document.createElement("dd");
      term.textContent = label ? label.textContent.trim() : field[0];
      text.textContent = option ? option.textContent.trim() : value;
      list.append(term, text);
    });
    card.querySelector("[data-abandon]").dataset.abandon = String(entry.id);
    return card;
  }

  /* The server's answer in the panel, in place of whatever was there: one entry shown at a time, followed by what
     the entry holds and the button that gives it up. */
  function open(id) {
    var entry = kept.filter(function (e) { return e.id === id; })[0], detail = document.getElementById("detail");
    if (!entry || !detail) return;
    var answer = document.createElement("template");  // parsed inert, to mark its form as this entry's
    answer.innerHTML = entry.answer;
    var form = answer.content.querySelector("form[data-outbox]");
    if (form) {
      form.dataset.outboxEntry = String(id);
      // Its token is of the session that got the answer; without it, htmx's header carries this page's own.
      form.querySelectorAll("input[name=csrf_token]").forEach(function (input) { input.remove(); });
    }
    var card = contentCard(entry, answer), holder = document.createElement("div");
    holder.appendChild(card);
    htmx.swap(detail, answer.innerHTML + holder.innerHTML, { swapStyle: "innerHTML" });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-review]");
    if (button) { event.preventDefault(); open(Number(button.dataset.review)); return; }
    var abandon = event.target.closest("[data-abandon]");  // the person's explicit choice, the content before them
    if (abandon) {
      resolved(Number(abandon.dataset.abandon));
      htmx.swap(document.getElementById("detail"), "", { swapStyle: "innerHTML" });  // nothing of it is left to save
      return;
    }
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
