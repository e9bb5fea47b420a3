/* The map island: Leaflet, its basemaps and what the other islands ask of it; the data layer of the view, selection
   and the highlight are layer.js's. [lat, lng] never leaves these two files: the other islands speak GeoJSON
   ([lng, lat]) through events on the map element (CustomEvent detail):
     voyette:overlay {name, geojson, style, point, fit, below, tappable}  a named shape over (or under) the items;
                     geojson null removes it; a Point with properties.metres is a circle of that radius;
                     properties.tooltip; tappable: a tap on a shape is told as voyette:overlay-tapped {name, properties}
     voyette:view    {at, minZoom} or {bbox, maxZoom}  centre on a place (panned, zoomed to minZoom at least), or fit
     voyette:control {element, position}    an element of the page placed on the map
     voyette:taps    {on}                   double taps no longer zoom; every tap is told as voyette:tapped {at}
                                            (and layer.js no longer opens the item tapped)
     voyette:map     {}                     sets detail.map, the Leaflet map: for layer.js and the drawing tools only
   and of layer.js: voyette:select {id} (open that item in the panel), voyette:redraw ({features, removed}: those
   items again; no detail: the view asked again), voyette:filter {action} (only its items; null: all, and the view
   from before), voyette:editing {id} (reshaped, so left out; null: back), voyette:drawing {on} (a click on an item
   is then a vertex, not a choice; double taps no longer zoom, as with voyette:taps; locate.js's controls then let
   taps through).
   layer_start.js, before them all, answers voyette:layer-start for layer.js (the first answer, already asked).
   Told: voyette:moved (data-view "w,s,e,n", data-center "lon,lat" and data-zoom are then those of the view), voyette:dragged (the person
   moves the map by hand), layer-painted {count} (and data-painted). */
(function () {
  "use strict";
  var el = document.getElementById("map"), BASEMAP_KEPT = "voyette:basemap";
  if (!el || !window.L) return;
  var cfg = JSON.parse(el.dataset.config);
  var map = L.map(el, { preferCanvas: true, zoomControl: false }).setView([cfg.center[1], cfg.center[0]], cfg.zoom);
  // Leaflet's controls in the page's language: their words come from the server, with the rest of the interface.
  L.control.zoom({ zoomInTitle: cfg.controls.zoomIn, zoomOutTitle: cfg.controls.zoomOut }).addTo(map);
  var bases = {}, overlays = {}, taps = false, drawing = false;
  // The basemap last chosen on this device opens every map (the same list of basemaps is every map's): kept by key
  // in localStorage, which works offline too; a key no longer configured, or storage refused, gives the first one.
  var chosen = remembered(), keys = {};
  cfg.basemaps.forEach(function (b, i) {
    bases[b.name] = L.tileLayer(b.url, { attribution: b.attribution, maxZoom: b.max_zoom, maxNativeZoom: b.max_zoom,
                                         subdomains: b.subdomains || "abc" });
    keys[b.name] = b.key || b.name;
  });
  var opened = cfg.basemaps.filter(function (b) { return keys[b.name] === chosen; })[0] || cfg.basemaps[0];
  bases[opened.name].addTo(map);
  map.on("baselayerchange", function (e) { remember(keys[e.name]); });
  if (cfg.basemaps.length > 1) {
    var toggle = L.control.layers(bases, null, { position: "topright" }).addTo(map).getContainer()
      .querySelector(".leaflet-control-layers-toggle");
    toggle.title = cfg.controls.basemaps;  // Leaflet has no option for it
    toggle.setAttribute("aria-label", cfg.controls.basemaps);
  }
  L.control.scale({ imperial: false }).addTo(map);
  map.createPane("below").style.zIndex = 350;  // under the items: the cadastre, which drawn zones snap to
  // Shapes that answer taps, above the items: drawn in SVG, whose empty parts let taps through to the items' canvas
  // (a second canvas on top would catch every tap), see .leaflet-tappable-pane in the stylesheet.
  map.createPane("tappable").style.zIndex = 450;
  var tappable = L.svg({ pane: "tappable" });
  new ResizeObserver(function () { map.invalidateSize(); }).observe(el);  // the tablet's sheet folded or unfolded

  function overlay(d) {
    if (overlays[d.name]) overlays[d.name].remove();
    delete overlays[d.name];
    if (!d.geojson) return;
    var tips = (d.geojson.features || [d.geojson]).some(function (f) { return f.properties && f.properties.tooltip; });
    var style = Object.assign({ pane: d.below ? "below" : "overlayPane", interactive: tips }, d.style), shape;
    if (d.tappable) Object.assign(style, { pane: "tappable", renderer: tappable, interactive: true });
    shape = overlays[d.name] = L.geoJSON(d.geojson, { style: style, interactive: style.interactive,
      pointToLayer: function (f, at) {
        var metres = f.properties && f.properties.metres;
        return metres ? L.circle(at, Object.assign({}, style, { radius: metres }))
          : L.circleMarker(at, Object.assign({ radius: 11 }, style, d.point));
      },
      onEachFeature: function (f, layer) {  // a text node: Leaflet shows a string as HTML, and a title is typed
        if (f.properties && f.properties.tooltip) layer.bindTooltip(document.createTextNode(f.properties.tooltip));
        if (d.tappable) layer.on("click", function () { tell("voyette:overlay-tapped", { name: d.name, properties: f.properties }); });
      } }).addTo(map);
    if (d.fit && shape.getBounds().isValid()) map.fitBounds(shape.getBounds(), d.fit);
  }

  function view(d) {
    if (d.bbox) return map.fitBounds([[d.bbox[1], d.bbox[0]], [d.bbox[3], d.bbox[2]]], { maxZoom: d.maxZoom, animate: false });
    var at = [d.at[1], d.at[0]];
    if (d.minZoom) map.setView(at, Math.max(map.getZoom(), d.minZoom)); else map.panTo(at);
  }

  /* Two quick taps are two turns of a walk, or two vertices: not a zoom. */
  function quickTaps() { map.doubleClickZoom[taps || drawing ? "disable" : "enable"](); }

  var asked = {
    "voyette:overlay": overlay,
    "voyette:view": view,
    "voyette:control": function (d) {
      L.DomEvent.disableClickPropagation(d.element);
      new (L.Control.extend({ onAdd: function () { return d.element; } }))({ position: d.position }).addTo(map);
    },
    "voyette:taps": function (d) { taps = d.on; quickTaps(); },
    "voyette:drawing": function (d) { drawing = d.on; quickTaps(); },
    "voyette:map": function (d) { d.map = map; }
  };
  Object.keys(asked).forEach(function (name) { el.addEventListener(name, function (e) { asked[name](e.detail); }); });

  function remembered() { try { return localStorage.getItem(BASEMAP_KEPT); } catch (e) { return null; } }
  function remember(key) { try { localStorage.setItem(BASEMAP_KEPT, key); } catch (e) { /* private mode: not kept */ } }

  function tell(name, detail) { el.dispatchEvent(new CustomEvent(name, { detail: detail })); }
  function describeView() {
    var b = map.getBounds();
    el.dataset.view = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(",");
    el.dataset.zoom = String(map.getZoom());
    var c = map.getCenter();
    el.dataset.center = [c.lng.toFixed(6), c.lat.toFixed(6)].join(",");
  }
  // The items share the overlays' canvas (layer.js), where the last drawn is on top: items painted again go under them.
  el.addEventListener("layer-painted", function () {
    Object.keys(overlays).forEach(function (name) { overlays[name].bringToFront(); });
  });
  map.on("click", function (e) { if (taps) tell("voyette:tapped", { at: [e.latlng.lng, e.latlng.lat] }); });
  map.on("dragstart", function () { tell("voyette:dragged"); });
  map.on("moveend", function () { describeView(); tell("voyette:moved"); });
  describeView();
})();
