/* The walk report's island: a small map of the route walked (its breaks dashed) with the numbered items noted. Everything it draws
   comes from the map's data-* attributes. */
(function () {
  "use strict";
  var el = document.getElementById("walk-map");
  if (!el || !window.L) return;
  var basemap = JSON.parse(el.dataset.basemap), styles = JSON.parse(el.dataset.styles), center = JSON.parse(el.dataset.center);
  var map = L.map(el, { scrollWheelZoom: false }).setView([center[1], center[0]], Number(el.dataset.zoom));
  L.tileLayer(basemap.url, { attribution: basemap.attribution, maxZoom: basemap.max_zoom, maxNativeZoom: basemap.max_zoom,
                             subdomains: basemap.subdomains || "abc" }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  var bounds = L.latLngBounds([]);

  if (el.dataset.route) {
    var route = L.geoJSON(JSON.parse(el.dataset.route), { style: { color: "#d9480f", weight: 4, opacity: 0.85 } }).addTo(map);
    bounds.extend(route.getBounds());
    var pieces = route.getLayers()[0].getLatLngs();  // a MultiLineString: the route's pieces between breaks
    el.dataset.drawn = String(pieces.flat().length);
    el.dataset.pieces = String(pieces.length);
  }
  if (el.dataset.gaps) {  // where the screen slept: a dashed line from where recording stopped to where it went on
    L.geoJSON(JSON.parse(el.dataset.gaps), { style: { color: "#d9480f", weight: 3, opacity: 0.85, dashArray: "2 8" } }).addTo(map);
  }

  function colourOf(feature) { return (styles[feature.properties.category] || {}).colour || "#555555"; }

  function numberAt(feature, at) {
    var label = document.createElement("span"), n = feature.properties.number;
    label.textContent = n < 10 ? "0" + n : String(n);
    label.style.setProperty("--colour", colourOf(feature));
    return L.marker(at, { icon: L.divIcon({ className: "walk-marker", html: label, iconSize: [26, 26] }),
                          title: feature.properties.title, keyboard: false });
  }

  var noted = L.geoJSON(JSON.parse(el.dataset.features), {
    pointToLayer: numberAt,
    style: function (feature) { return { color: colourOf(feature), weight: 3, fillOpacity: 0.25 }; },
    onEachFeature: function (feature, layer) {
      var label = feature.properties.label;
      if (label) numberAt(feature, [label[1], label[0]]).addTo(map);  // a line or a zone: its number inside
    }
  }).addTo(map);
  el.dataset.noted = String(noted.getLayers().length);
  bounds.extend(noted.getBounds());
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18 });
})();
