/* « Imprimer » in the panel (printing/_form.html names this island in data-script): « la vue actuelle » is printed
   from the bounds of the map's view (map.js keeps them in data-view), and « Aperçu » shows the first page in the
   panel instead of leaving the map. Wires each print form once, however often it is loaded. */
(function () {
  "use strict";
  function writeView(form) {
    var map = document.getElementById("map"), input = form.querySelector("input[data-view-bbox]");
    if (map && input) input.value = map.dataset.view;
  }

  function preview(form) {
    writeView(form);
    var params = new URLSearchParams(new FormData(form));
    params.set("sortie", "apercu");
    var figure = form.querySelector(".print-preview"), image = figure.querySelector("img");
    image.onload = function () { figure.hidden = false; form.dataset.previewed = "true"; };
    // A refused choice: the form comes back from the server with the reason next to it.
    image.onerror = function () { figure.hidden = true; htmx.ajax("GET", form.action + "?" + params, { target: "#detail" }); };
    image.src = form.action + "?" + params;
  }

  function init(root) {
    root.querySelectorAll("form [data-print-preview]").forEach(function (button) {
      var form = button.form;
      if (form.dataset.printReady) return;
      form.dataset.printReady = "true";
      form.addEventListener("submit", function (event) {
        if (event.submitter === button) { event.preventDefault(); preview(form); } else writeView(form);
      });
    });
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  init(document);
})();
