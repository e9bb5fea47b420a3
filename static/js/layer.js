/* The data layer of the map island (map.js tells the events it answers): the items of the view on one canvas,
   kept up to date by the change feed, the item the panel shows highlighted. Its fetch() calls are for data only:
   the view's GeoJSON and the change feed, which names the items to draw again. */
(function () {
  "use strict";
  var el = document.getElementById("map"), ask = { detail: {} };
  if (!el) return;
  el.dispatchEvent(new CustomEvent("voyette:map", ask));
  var map = ask.detail.map, cfg = JSON.parse(el.dataset.config), start = { detail: {} };
  if (!map) return;
  el.dispatchEvent(new CustomEvent("voyette:layer-start", start));  // layer_start.js: the first answer, already asked
  var viewParams = start.detail.viewParams, firstAnswer = start.detail.first;

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
  /* A number in its circle, white, smaller past three characters. */
  function label(ctx, text, x, y) {
    ctx.fillStyle = "#fff";
    if (text.length > 3) ctx.font = SMALL_FONT;
    ctx.fillText(text, x, y + 0.5);
    if (text.length > 3) ctx.font = FONT;
  }
  /* A cluster: a circle with its count in it. Leaflet also calls _updatePath outside of a frame, when the text
     would be wiped at once: it is written only while painting. */
  var NumberMarker = L.CircleMarker.extend({ _updatePath: function () {
    L.CircleMarker.prototype._updatePath.call(this);
    var r = this._renderer, text = this.options.text;
    if (r._drawing && text && this._radius >= 8) label(r._ctx, text, this._point.x, this._point.y);
  } });

  /* Every number of the view (a point, or the number of a line or a zone) as one layer of the canvas, painted in one
     pass: a Leaflet marker each, with its objects, listeners and own pass of the renderer, was most of the time a map
     of 10,000 items took to open. Items are {id, lat, lng, colour, text, tip}; the last put is drawn on top. */
  var Numbers = L.Path.extend({
    options: { weight: 1.5 },  // the white outline; with the renderer's tolerance, how far from it a click still counts
    initialize: function (options) { L.setOptions(this, options); this._items = new Map(); this._hit = null; },
    put: function (item) {
      this._items.delete(item.id);
      this._items.set(item.id, item);
      if (!this._map) return;
      var pad = this._radius + this._clickTolerance(), box;
      this._place(item);
      box = L.bounds([item.x - pad, item.y - pad], [item.x + pad, item.y + pad]);
      // none while empty: the renderer reads the bounds of whatever it has to paint
      this._pxBounds = this._pxBounds ? this._pxBounds.extend(box) : box;
      this._renderer._requestRedraw(this);
    },
    /* All the items of a view at once: placed in one pass, painted in the next frame. */
    reset: function (items) {
      this._items = new Map(items.map(function (item) { return [item.id, item]; }));
      this.redraw();
    },
    drop: function (id) {
      if (this._items.delete(id) && this._map) this._renderer._requestRedraw(this);  // its old place is in _pxBounds
    },
    /* The items under a point of the layer, the top one first. */
    itemsAt: function (point) {
      var reach = this._radius + this._clickTolerance(), found = [];
      this._items.forEach(function (item) {
        if ((item.x - point.x) * (item.x - point.x) + (item.y - point.y) * (item.y - point.y) <= reach * reach) found.push(item);
      });
      return found.reverse();
    },
    hit: function () { return this._hit || {}; },  // the top item under the mouse, for the tooltip
    getLatLng: function () {  // where Leaflet opens the tooltip
      var hit = this.hit();
      return hit.id ? L.latLng(hit.lat, hit.lng) : this._map.getCenter();
    },
    getBounds: function () {
      var bounds = L.latLngBounds([]);
      this._items.forEach(function (item) { bounds.extend([item.lat, item.lng]); });
      return bounds;
    },
    /* Its pixel on the canvas, as latLngToLayerPoint has it, without a LatLng and a Point made for each item. */
    _place: function (item) {
      var map = this._map, origin = map.getPixelOrigin(), p = map.options.crs.latLngToPoint(item, map.getZoom());
      item.x = Math.round(p.x) - origin.x;
      item.y = Math.round(p.y) - origin.y;
    },
    _project: function () {  // added, zoomed or the view reset: every item placed again
      var pad, left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
      this._radius = markerRadius();
      pad = this._radius + this._clickTolerance();
      this._items.forEach(function (item) {
        this._place(item);
        left = Math.min(left, item.x); right = Math.max(right, item.x);
        top = Math.min(top, item.y); bottom = Math.max(bottom, item.y);
      }, this);
      // none while empty: the renderer reads the bounds of whatever it has to paint
      this._pxBounds = this._items.size ? L.bounds([left - pad, top - pad], [right + pad, bottom + pad]) : null;
    },
    _update: function () { if (this._map) this._updatePath(); },
    _updatePath: function () {
      var r = this._renderer, ctx = r._ctx, radius = this._radius, view = r._bounds;
      if (!r._drawing) return;
      var left = view.min.x - radius, top = view.min.y - radius, right = view.max.x + radius, bottom = view.max.y + radius;
      ctx.globalAlpha = 1; ctx.lineWidth = this.options.weight; ctx.strokeStyle = "#fff"; ctx.setLineDash([]);
      this._items.forEach(function (item) {
        if (item.x < left || item.x > right || item.y < top || item.y > bottom) return;  // off the canvas
        ctx.beginPath();
        ctx.arc(item.x, item.y, radius, 0, 2 * Math.PI);
        ctx.fillStyle = item.colour;
        ctx.fill();
        ctx.stroke();
        if (radius >= 8) label(ctx, item.text, item.x, item.y);
      });
    },
    _containsPoint: function (point) {
      var top = this.itemsAt(point)[0] || null;
      this._hit = top;
      return Boolean(top);
    }
  });

  var dataLayer = L.featureGroup().addTo(map), highlight = L.layerGroup().addTo(map), numbers = new Numbers({ renderer: renderer });
  dataLayer.addLayer(numbers);
  var styles = {}, hidden = new Set(), shown = new Map(), lastTag = null, controller = null;
  var editingId = null, drawing = false, tapping = false, onlyAction = null, viewBeforeFilter = null;

  function pad(n) { return n < 10 ? "0" + n : String(n); }
  /* A cluster's count as French readers write it, short enough for its circle: « 1 234 », then « 12 k ». */
  var COUNT = new Intl.NumberFormat("fr-FR");
  function countText(n) { return n < 10000 ? COUNT.format(n) : COUNT.format(Math.round(n / 1000)) + "\u202fk"; }
  /* Numbers are readable from zoom 15; further out, items are dots that do not hide each other. */
  function markerRadius() { var z = map.getZoom(); return z >= 15 ? 11 : z >= 13 ? 6 : 4; }

  function readLegend() {
    var legend = document.getElementById("legend");
    styles = legend ? JSON.parse(legend.dataset.legend) : {};
    if (legend) legend.querySelectorAll("[data-category-toggle]").forEach(function (box) {
      box.checked = !hidden.has(box.dataset.categoryToggle);
    });
  }

  /* `batch`: the numbers are gathered there rather than put one by one (a whole view, put at once). */
  function draw(feature, batch) {
    var p = feature.properties, at = p.label || feature.geometry.coordinates;
    if (p.cluster) {  // the radius the server counted it for: it fits its square of the grid (features/clusters.py)
      var cluster = new NumberMarker([at[1], at[0]], { renderer: renderer, radius: p.radius,
        color: "#fff", weight: 2, fillColor: "#2f5d50", fillOpacity: 0.85, text: countText(p.cluster) });
      cluster.tooltipText = COUNT.format(p.cluster);
      return dataLayer.addLayer(cluster);
    }
    if (hidden.has(String(p.category)) || feature.id === editingId) return;
    var colour = (styles[p.category] || {}).colour || "#555555", tip = pad(p.number) + " · " + p.title;
    if (p.label) {  // a line or a zone: its shape, under the numbers, and its number at the label point
      var shape = L.GeoJSON.geometryToLayer(feature, { renderer: renderer, color: colour, weight: 3, fillOpacity: 0.25 });
      var tag = function (layer) { layer.featureId = feature.id; layer.tooltipText = tip; underNumbers(layer); };
      dataLayer.addLayer(shape);
      tag(shape);
      if (shape.eachLayer) shape.eachLayer(tag);
      shown.set(feature.id, shape);
    }
    var number = { id: feature.id, lat: at[1], lng: at[0], colour: colour, text: pad(p.number), tip: tip };
    if (batch) batch.push(number); else numbers.put(number);
  }

  /* A shape drawn after the numbers is painted under them all the same: moved, in the renderer's list of what it
     paints in turn, to just before them (rather than the numbers brought to the front, over the highlight and the
     overlays). */
  function underNumbers(layer) {
    var order = layer._order, before = numbers._order;
    if (!order || !before || order.next === before) return;
    if (order.prev) order.prev.next = order.next; else renderer._drawFirst = order.next;
    if (order.next) order.next.prev = order.prev; else renderer._drawLast = order.prev;
    order.prev = before.prev;
    order.next = before;
    if (before.prev) before.prev.next = order; else renderer._drawFirst = order;
    before.prev = order;
    renderer._requestRedraw(layer);
  }

  function forget(id) {
    if (shown.has(id)) dataLayer.removeLayer(shown.get(id));
    shown.delete(id);
    numbers.drop(id);
  }

  /* The items drawn under a point of the map, each once (a zone is its shape and its number): the numbers first
     (a point, or the number of a line or a zone), then the shapes, each the top one first. */
  function itemsAt(point) {
    var found = numbers.itemsAt(point).map(function (item) { return { id: item.id, text: item.tip }; });
    var seen = new Set(found.map(function (item) { return item.id; }));
    function look(layer) {
      if (layer.eachLayer) return layer.eachLayer(look);  // a shape of several parts
      if (!layer.featureId || seen.has(layer.featureId) || !layer._containsPoint || !layer._containsPoint(point)) return;
      seen.add(layer.featureId);
      found.push({ id: layer.featureId, text: layer.tooltipText });
    }
    dataLayer.getLayers().reverse().forEach(look);  // the canvas paints them in this order, the last on top
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
    if (event.layer !== numbers && !event.layer.featureId) {  // a cluster: closer
      return map.setView(event.layer.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
    }
    var here = itemsAt(event.layerPoint);
    if (here.length > 1) offerChoice(here, event.latlng); else if (here.length) select(here[0].id);
  });
  dataLayer.bindTooltip(function (layer) {
    return document.createTextNode((layer === numbers ? numbers.hit().tip : layer.tooltipText) || "");
  });
  // From one number straight onto another over it, the mouse never leaves the layer: the tooltip follows all the same.
  var tipped = null;
  numbers.on("mousemove", function () {
    if (numbers.hit() !== tipped) { tipped = numbers.hit(); dataLayer.openTooltip(); }
  });

  /* `whole`: no view, all that is asked (an action's items, wherever they are, to fit the map to them); the
     server sends clusters when they are many, so moving the map then asks by view as usual. */
  function load(force, whole) {
    var params = new URLSearchParams(onlyAction ? { action: onlyAction } : {});
    var b = map.getBounds();
    if (!whole) viewParams(params, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], map.getZoom());
    if (hidden.size) params.set("categories", Object.keys(styles).filter(function (id) { return !hidden.has(id); }).join(","));
    if (controller) controller.abort();
    controller = new AbortController();
    var url = cfg.layerUrl + "?" + params;
    return (firstAnswer(url, controller.signal) || fetch(url, { signal: controller.signal, headers: { Accept: "application/geo+json" } }))
      .then(function (response) {
        var tag = response.headers.get("ETag") + params;
        if (!response.ok || (tag === lastTag && !force)) return;
        lastTag = tag;
        return response.json().then(function (data) {
          dataLayer.eachLayer(function (layer) { if (layer !== numbers) dataLayer.removeLayer(layer); });
          shown.clear();
          var batch = [];
          data.features.forEach(function (feature) { draw(feature, batch); });
          numbers.reset(batch);
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
      var bounds = dataLayer.getBounds();
      if (id && bounds.isValid()) map.fitBounds(bounds, { maxZoom: 18, padding: [40, 40], animate: false });
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
