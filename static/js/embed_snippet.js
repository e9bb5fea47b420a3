/* « Intégrer à un site » in the sharing panel (sharing/_embed.html names this island in data-script): the iframe's
   code follows the options ticked (the legend, the categories, the map's current view, which map.js keeps in #map's
   data-view and data-zoom), and « Copier le code » copies it. Only the code's address changes: the rest of it is the
   server's, written once in the template. Wires each panel once, however often it is loaded. */
(function () {
  "use strict";
  function attribute(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* The embed's address with the options ticked (maps/embed.py reads them). */
  function address(root) {
    var url = new URL(root.dataset.url), boxes = Array.from(root.querySelectorAll("[data-embed-category]"));
    var chosen = boxes.filter(function (box) { return box.checked; }), map = document.getElementById("map");
    if (!root.querySelector("[data-embed-legend]").checked) url.searchParams.set("legende", "0");
    if (chosen.length && chosen.length < boxes.length) {
      url.searchParams.set("categories", chosen.map(function (box) { return box.dataset.embedCategory; }).join(","));
    }
    if (root.querySelector("[data-embed-view]").checked && map && map.dataset.view) {
      var view = map.dataset.view.split(",").map(Number);
      url.searchParams.set("lat", ((view[1] + view[3]) / 2).toFixed(5));
      url.searchParams.set("lon", ((view[0] + view[2]) / 2).toFixed(5));
      url.searchParams.set("zoom", map.dataset.zoom);
    }
    return url.href;
  }

  function write(root) {
    var code = root.querySelector("[data-embed-code]");
    code.value = code.defaultValue.replace(attribute(root.dataset.url), attribute(address(root)));
    root.querySelector("[data-embed-copied]").hidden = true;
  }

  function copy(root) {
    var code = root.querySelector("[data-embed-code]"), told = root.querySelector("[data-embed-copied]");
    code.select();  // copied or not, the code is selected: a person can copy it by hand
    navigator.clipboard.writeText(code.value).then(function () { told.hidden = false; }).catch(function () {});
  }

  function init(scope) {
    scope.querySelectorAll("[data-embed-snippet]").forEach(function (root) {
      if (root.dataset.embedReady) return;
      root.dataset.embedReady = "true";
      root.addEventListener("change", function () { write(root); });
      root.querySelector("[data-embed-copy]").addEventListener("click", function () { copy(root); });
      var map = document.getElementById("map");
      if (map) map.addEventListener("voyette:moved", function () { if (root.isConnected) write(root); });
    });
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  init(document);
})();
