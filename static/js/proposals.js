/* Residents' proposals on the map, in their own dashed style: for those who moderate, the ones waiting (a tap opens
   one in the panel); for a resident, their own, waiting or refused. The server says which (data-layer), with a
   tooltip and the panel's URL for each; they are drawn as map.js overlays, again whenever the map's content or the
   proposals change. The one being reshaped is left out, as layer.js leaves out an item (voyette:editing). */
(function () {
  "use strict";
  var script = document.currentScript, el = document.getElementById("map");
  if (!el) return;
  var STYLES = {
    waiting: { color: "#e8590c", weight: 3, dashArray: "8 6", fillColor: "#e8590c", fillOpacity: 0.12 },
    rejected: { color: "#868e96", weight: 2, dashArray: "2 6", fillColor: "#868e96", fillOpacity: 0.08 }
  };
  var drawing = false, editing = null, shown = { features: [] }, controller = null;

  function tell(name, detail) { el.dispatchEvent(new CustomEvent(name, { detail: detail })); }

  function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(script.dataset.layer, { signal: controller.signal, headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { shown = data; draw(); } })
      .catch(function () { /* offline: the ones drawn stay */ });
  }

  function draw() {
    var features = shown.features.filter(function (f) { return f.id !== editing; });
    Object.keys(STYLES).forEach(function (status) {
      var these = features.filter(function (f) { return f.properties.status === status; });
      tell("voyette:overlay", { name: "proposals-" + status, style: STYLES[status], point: { radius: 11 }, tappable: true,
                                geojson: these.length ? { type: "FeatureCollection", features: these } : null });
    });
    el.dataset.proposals = String(features.length);
  }

  el.addEventListener("voyette:editing", function (event) { editing = event.detail.id; draw(); });
  el.addEventListener("voyette:drawing", function (event) { drawing = event.detail.on; });
  el.addEventListener("voyette:overlay-tapped", function (event) {
    var p = event.detail.properties;
    if (drawing || !/^proposals-/.test(event.detail.name) || !p.url) return;  // a tap while drawing is a vertex
    htmx.ajax("GET", p.url, { target: "#detail", swap: "innerHTML" });
  });
  ["features-changed", "proposals-changed"].forEach(function (name) { document.body.addEventListener(name, load); });
  load();
})();
