/* The data layer of the map island (map.js tells the events it answers): the items of the view on one canvas,
   kept up to date by the change feed, the item the panel shows highlighted. Its fetch() calls are for data only:
   the view's GeoJSON and the change feed, which names the items to draw again. */
(function () {
  "use strict";
  var el = document.getElementById("map"), ask = { detail: {} };
  if (!el) return;
  el.dispatchEvent(new CustomEvent("voyette:map", ask));
  var map = ask.detail.map, cfg = JSON.parse(el.dataset.config);
  if (!map) return;

  /* One canvas for every item; it sets the numbers' font once per frame rather than once per marker. */
  var FONT = "bold 11px system-ui, sans-serif", SMALL_FONT = "bold 9px system-ui, sans-serif";
  var renderer = new (L.Canvas.extend({ _draw: function () {
    var ctx = this._ctx;
    ctx.font = FONT; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    L.Canvas.prototype._draw.call(this);
  } }))({ padding: 0.3, tolerance: 5 });
  // What is drawn over the items (the highlight, map.js's overlays) shares their canvas: a second canvas on top of
  // this one would take every click meant for them.
  map.options.renderer = renderer;
  /* A circle with a number in it, painted on the canvas so that thousands stay fast. Leaflet also calls
     _updatePath outside of a frame, when the text would be wiped at once: it is written only while painting. */
  var NumberMarker = L.CircleMarker.extend({ _updatePath: function () {
    L.CircleMarker.prototype._updatePath.call(this);
    var r = this._renderer, text = this.options.text;
    if (!r._drawing || !text || this._radius < 8) return;
    r._ctx.fillStyle = "#fff";
    if (text.length > 3) r._ctx.font = SMALL_FONT;
    r._ctx.fillText(text, this._point.x, this._point.y + 0.5);
    if (text.length > 3) r._ctx.font = FONT;
  } });

  var dataLayer = L.featureGroup().addTo(map), highlight = L.layerGroup().addTo(map);
  var styles = {}, hidden = new Set(), shown = new Map(), lastTag = null, controller = null;
  var editingId = null, drawing = false, tapping = false, onlyAction = null, viewBeforeFilter = null;

  function pad(n) { return n < 10 ? "0" + n : String(n); }
  /* A cluster's count as French readers write it, short enough for its circle: « 1 234 », then « 12 k ». */
  // Made on the first cluster: a first Intl.NumberFormat costs Chromium 20-50 ms (its locale data), a long task
  // on a phone while the page loads, and a map of a few items has no cluster at all.
  var numberFormat = null;
  function count(n) { return (numberFormat = numberFormat || new Intl.NumberFormat("fr-FR")).format(n); }
  function countText(n) { return n < 10000 ? count(n) : count(Math.round(n / 1000)) + "\u202fk"; }
  /* Numbers are readable from zoom 15; further out, items are dots that do not hide each other. */
  function markerRadius() { var z = map.getZoom(); return z >= 15 ? 11 : z >= 13 ? 6 : 4; }

  function readLegend() {
    var legend = document.getElementById("legend");
    styles = legend ? JSON.parse(legend.dataset.legend) : {};
    if (legend) legend.querySelectorAll("[data-category-toggle]").forEach(function (box) {
      box.checked = !hidden.has(box.dataset.categoryToggle);
    });
  }

  function draw(feature) {
    var p = feature.properties, at = p.label || feature.geometry.coordinates, added = [];
    if (p.cluster) {  // the radius the server counted it for: it fits its square of the grid (features/clusters.py)
      var cluster = new NumberMarker([at[1], at[0]], { renderer: renderer, radius: p.radius,
        color: "#fff", weight: 2, fillColor: "#2f5d50", fillOpacity: 0.85, text: countText(p.cluster) });
      cluster.tooltipText = count(p.cluster);
      return dataLayer.addLayer(cluster);
    }
    if (hidden.has(String(p.category)) || feature.id === editingId) return;
    var colour = (styles[p.category] || {}).colour || "#555555";
    function tag(layer) { layer.featureId = feature.id; layer.tooltipText = pad(p.number) + " · " + p.title; }
    if (p.label) {  // a line or a zone: its shape, and its number at the label point
      var shape = L.geoJSON(feature, { renderer: renderer, style: { color: colour, weight: 3, fillOpacity: 0.25 } }).getLayers()[0];
      tag(shape);
      if (shape.eachLayer) shape.eachLayer(tag);
      added.push(shape);
    }
    var marker = new NumberMarker([at[1], at[0]], { renderer: renderer, radius: markerRadius(), color: "#fff",
      weight: 1.5, fillColor: colour, fillOpacity: 1, text: pad(p.number) });
    marker.isNumber = true;
    tag(marker);
    added.push(marker);
    shown.set(feature.id, added);
    added.forEach(function (layer) { dataLayer.addLayer(layer); });
  }

  function forget(id) {
    (shown.get(id) || []).forEach(function (layer) { dataLayer.removeLayer(layer); });
    shown.delete(id);
  }

  /* The items drawn under a point of the map, each once (a zone is its shape and its number): the numbers first
     (a point, or the number of a line or a zone), then the shapes, each the top one first. */
  function itemsAt(point) {
    var found = [], seen = new Set();
    function look(layer) {
      if (layer.eachLayer) return layer.eachLayer(look);  // a shape of several parts
      if (!layer.featureId || seen.has(layer.featureId) || !layer._containsPoint || !layer._containsPoint(point)) return;
      seen.add(layer.featureId);
      found.push({ id: layer.featureId, text: layer.tooltipText });
    }
    var layers = dataLayer.getLayers().reverse();  // the canvas paints them in this order, the last on top
    layers.filter(function (layer) { return layer.isNumber; }).forEach(look);
    layers.filter(function (layer) { return !layer.isNumber; }).forEach(look);
    return found;
  }

  /* Several items under the click: a small list of them, each opening its item, rather than the top one. */
  function offerChoice(items, at) {
    var box = document.createElement("div"), heading = document.createElement("p"), list = document.createElement("ul");
    box.className = "overlap-choice";
    heading.textContent = cfg.controls.overlapping;
    items.forEach(function (item) {
      var entry = document.createElement("li"), button = document.createElement("button");
      button.type = "button";
      button.textContent = item.text;
      button.addEventListener("click", function () { map.closePopup(); select(item.id); });
      entry.appendChild(button);
      list.appendChild(entry);
    });
    box.append(heading, list);
    L.popup({ maxWidth: 320 }).setLatLng(at).setContent(box).openOn(map);
    list.querySelector("button").focus({ preventScroll: true });  // a scrolled map would shift every later click
  }

  /* Clicks and tooltips are handled once for the whole layer, not bound to each of thousands of items. */
  dataLayer.on("click", function (event) {
    // A click on an item while drawing is a vertex on it (a plot against its neighbour); while taps are told
    // (voyette:taps, a walk's route drawn by hand), a turn of the route.
    if (drawing || tapping) return;
    if (!event.layer.featureId) return map.setView(event.layer.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
    var here = itemsAt(event.layerPoint);
    if (here.length > 1) offerChoice(here, event.latlng); else select(event.layer.featureId);
  });
  dataLayer.bindTooltip(function (layer) { return document.createTextNode(layer.tooltipText || ""); });
  map.on("zoomend", function () {
    var radius = markerRadius();
    dataLayer.eachLayer(function (layer) { if (layer.isNumber && layer.getRadius() !== radius) layer.setRadius(radius); });
  });

  /* `whole`: no view, all that is asked (an action's items, wherever they are, to fit the map to them); the
     server sends clusters when they are many, so moving the map then asks by view as usual. */
  function load(force, whole) {
    var params = new URLSearchParams(onlyAction ? { action: onlyAction } : {});
    var b = map.getBounds().pad(0.25);
    if (!whole) {
      params.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(","));
      params.set("zoom", String(Math.round(map.getZoom())));  // clusters are counted on a grid of screen pixels at this zoom
    }
    if (hidden.size) params.set("categories", Object.keys(styles).filter(function (id) { return !hidden.has(id); }).join(","));
    if (controller) controller.abort();
    controller = new AbortController();
    return fetch(cfg.layerUrl + "?" + params, { signal: controller.signal, headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        var tag = response.headers.get("ETag") + params;
        if (!response.ok || (tag === lastTag && !force)) return;
        lastTag = tag;
        return response.json().then(function (data) {
          dataLayer.clearLayers(); shown.clear();
          data.features.forEach(draw);
          highlight.eachLayer(function (layer) { layer.bringToFront(); });  // over the items, drawn again under it
          el.dataset.painted = String(data.features.length);
          el.dispatchEvent(new CustomEvent("layer-painted", { detail: data.features.length }));
        });
      })
      .catch(function (error) { if (error.name !== "AbortError") el.dataset.layerError = String(error); });
  }

  function select(id) { htmx.ajax("GET", cfg.featureUrl + id, { target: "#detail", swap: "innerHTML" }); }

  function showSelected(feature) {
    highlight.clearLayers();
    if (!feature) return;
    L.geoJSON(feature, { interactive: false, pointToLayer: function (f, at) {
      return L.circleMarker(at, { radius: 17, interactive: false });
    }, style: { color: "#ffd400", weight: 6, opacity: 0.9, fill: false } }).addTo(highlight);
    var bounds = highlight.getLayers()[0].getBounds();
    if (!map.getBounds().contains(bounds)) map.fitBounds(bounds, { maxZoom: Math.max(map.getZoom(), 17) });
  }

  /* Whatever the panel now shows decides what the map highlights, adds or removes. */
  function afterPanelChange() {
    var detail = document.getElementById("detail"), removed = detail.querySelector("[data-removed]");
    var holder = detail.querySelector("[data-feature]"), feature = holder ? JSON.parse(holder.dataset.feature) : null;
    if (removed) { forget(Number(removed.dataset.removed)); return showSelected(null); }
    if (detail.querySelector("[data-layer-changed]")) load(true);  // items added from the panel (plots cut)
    if (feature && !detail.querySelector("form.feature-form")) { forget(feature.id); draw(feature); }
    showSelected(feature);
  }

  function filter(id) {
    if (id && !onlyAction) viewBeforeFilter = { center: map.getCenter(), zoom: map.getZoom() };
    onlyAction = id;
    if (!id && viewBeforeFilter) map.setView(viewBeforeFilter.center, viewBeforeFilter.zoom, { animate: false });
    load(true, Boolean(id)).then(function () {
      if (id && dataLayer.getLayers().length) map.fitBounds(dataLayer.getBounds(), { maxZoom: 18, padding: [40, 40], animate: false });
    });
  }

  function redraw(d) {
    if (!d || onlyAction) return load(true);  // whether a changed item belongs to the action is the server's to say
    d.removed.forEach(forget);
    d.features.forEach(function (feature) { forget(feature.id); draw(feature); });
  }

  var asked = {
    "voyette:select": function (d) { select(d.id); },
    "voyette:redraw": redraw,
    "voyette:filter": function (d) { filter(d.action); },
    "voyette:editing": function (d) {
      if (d.id === null && editingId !== null) load(true);
      editingId = d.id;
      if (d.id !== null) { forget(d.id); highlight.clearLayers(); }
    },
    "voyette:drawing": function (d) { drawing = d.on; },
    "voyette:taps": function (d) { tapping = d.on; }
  };
  Object.keys(asked).forEach(function (name) { el.addEventListener(name, function (e) { asked[name](e.detail); }); });
  map.on("moveend", function () { load(false); });

  document.addEventListener("change", function (event) {
    var box = event.target.closest("[data-category-toggle]");
    if (!box) return;
    if (box.checked) hidden.delete(box.dataset.categoryToggle); else hidden.add(box.dataset.categoryToggle);
    load(true);
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "detail") afterPanelChange();
    var before = JSON.stringify(styles);
    readLegend();
    if (JSON.stringify(styles) !== before) load(true);
  });

  /* Live updates: while the page is visible, ask every few seconds what others changed since the last
     revision seen, redraw those items and let the list and legend refresh themselves. */
  var revision = cfg.revision;
  function poll() {
    if (document.visibilityState !== "visible") return;
    fetch(cfg.changesUrl + "?depuis=" + revision, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || data.revision <= revision) return;
        revision = data.revision;
        redraw(data.reload ? null : data);  // too many changes to send one by one: the view is asked again
        htmx.trigger(document.body, "features-changed");
      })
      .catch(function () { /* offline for a moment: the next poll catches up */ });
  }
  setInterval(poll, 4000);
  document.addEventListener("visibilitychange", poll);

  readLegend();
  load(true).then(afterPanelChange);
})();
