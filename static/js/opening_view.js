/* « Enregistrer cette vue comme vue d'ouverture » (templates/maps/_opening_view.html): its hidden fields follow the
   view the map shows (map.js's data-center "lon,lat" and data-zoom, told by voyette:moved), so what is sent is what
   the editor sees. The form is swapped anew after each save: htmx:load wires the new one. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;

  function follow(form) {
    var center = (el.dataset.center || "").split(",");
    if (center.length !== 2) return;
    form.elements.lon.value = center[0];
    form.elements.lat.value = center[1];
    form.elements.zoom.value = el.dataset.zoom;
  }

  function wire(root) {
    var form = root.querySelector("[data-opening-view]") || (root.matches && root.matches("[data-opening-view]") && root);
    if (!form || form.dataset.wired) return;
    form.dataset.wired = "1";
    follow(form);
    el.addEventListener("voyette:moved", function () { if (form.isConnected) follow(form); });
  }

  document.addEventListener("htmx:load", function (e) { wire(e.target); });
  wire(document);
})();
