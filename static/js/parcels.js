/* The map's reference layer (the cadastre), loaded only for a map that has one: from zoom 16, the parcels of the
   view as faint outlines under the items, never clickable; drawn zones snap to them (Leaflet-Geoman snaps to any
   shape on the map). The count shown is in the map's data-parcels, once the view asked has been answered (none
   while it is asked: the parcels still drawn are the previous view's, about to be replaced). */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;
  var url = JSON.parse(el.dataset.config).parcelsUrl, asked = "";
  var STYLE = { color: "#6b6b6b", weight: 1, opacity: 0.7, fill: false };

  function show(geojson) {
    el.dispatchEvent(new CustomEvent("voyette:overlay", { detail: { name: "parcels", geojson: geojson, style: STYLE, below: true } }));
  }

  function load() {
    if (Number(el.dataset.zoom) < 16) { show(null); asked = ""; el.dataset.parcels = "0"; return; }
    var b = el.dataset.view.split(",").map(Number), dx = (b[2] - b[0]) * 0.2, dy = (b[3] - b[1]) * 0.2;
    var bbox = [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy].map(function (v) { return v.toFixed(5); }).join(",");
    if (bbox === asked) return;
    asked = bbox;
    delete el.dataset.parcels;
    fetch(url + "?bbox=" + bbox, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || bbox !== asked) return;
        show(data);
        el.dataset.parcels = String(data.features.length);
      });
  }
  el.addEventListener("voyette:moved", load);
  load();
})();
