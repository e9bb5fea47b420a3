/* « Enregistrer cette vue comme vue d'ouverture » (templates/maps/_opening_view.html): its hidden fields follow the
   view the map shows (map.js's data-center "lon,lat" and data-zoom, told by voyette:moved), so what is sent is what
   the editor sees. The form is swapped anew after each save: htmx:load fills the new one. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;

  function follow() {
    var form = document.querySelector("[data-opening-view]"), center = (el.dataset.center || "").split(",");
    if (!form || center.length !== 2) return;
    form.elements.lon.value = center[0];
    form.elements.lat.value = center[1];
    form.elements.zoom.value = el.dataset.zoom;
  }

  el.addEventListener("voyette:moved", follow);
  document.addEventListener("htmx:load", follow);
  follow();
})();
