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

  var SHAPE_WEIGHT = 3, NUMBER_WEIGHT = 1.5;  // the lines' (and zones' outlines') width; the numbers' white outline
  /* The parts of a line or a zone's geometry: its lines and rings, each [[lon, lat], ...], closed for a zone's. */
  function partsOf(geometry) {
    var closed = /Polygon/.test(geometry.type), parts = [];
    if (geometry.type === "GeometryCollection") geometry.geometries.forEach(function (g) { parts = parts.concat(partsOf(g)); });
    else if (geometry.type === "LineString") parts = [geometry.coordinates];
    else if (geometry.type === "MultiPolygon") parts = [].concat.apply([], geometry.coordinates);
    else if (geometry.type !== "Point") parts = geometry.coordinates;  // a MultiLineString's lines, a Polygon's rings
    return parts.map(function (part) { return part.closed === undefined ? { closed: closed, coords: part } : part; });
  }
  function near(point, a, b, reach) { return L.LineUtil.pointToSegmentDistance(point, a, b) <= reach; }
  /* Whether a point is inside the closed parts of a shape (even-odd, as the canvas fills them: holes are out). */
  function inside(point, parts) {
    var within = false;
    parts.forEach(function (part) {
      if (!part.closed) return;
      for (var j = 0, k = part.px.length - 1; j < part.px.length; k = j++) {
        var a = part.px[j], b = part.px[k];
        if ((a.y > point.y) !== (b.y > point.y) && point.x < (b.x - a.x) * (point.y - a.y) / (b.y - a.y) + a.x) within = !within;
      }
    });
    return within;
  }
  function onEdge(point, parts, reach) {
    return parts.some(function (part) {
      for (var j = part.closed ? 0 : 1, k = part.closed ? part.px.length - 1 : 0; j < part.px.length; k = j++) {
        if (near(point, part.px[k], part.px[j], reach)) return true;
      }
      return false;
    });
  }
  function trace(ctx, parts, closedOnly) {
    ctx.beginPath();
    parts.forEach(function (part) {
      if (closedOnly && !part.closed) return;
      part.px.forEach(function (p, i) { if (i) ctx.lineTo(p.x, p.y); else ctx.moveTo(p.x, p.y); });
      if (part.closed) ctx.closePath();
    });
  }

  /* Every item of the view (clusters aside) as one layer of the canvas, painted in one pass: the lines and zones,
     then over them every number (a point, or the number of a line or a zone). A Leaflet marker or shape each, with
     its objects, listeners and own pass of the renderer, was most of the time a map of 10,000 items took to open.
     Items are {id, lat, lng (the number's place), colour, text, tip, parts (a line's or a zone's, else null)}; of
     two numbers, or of two shapes, the last put is drawn on top. */
  var Items = L.Path.extend({
    options: { weight: NUMBER_WEIGHT },
    initialize: function (options) { L.setOptions(this, options); this._items = new Map(); this._hit = null; },
    put: function (item) {
      this._items.delete(item.id);
      this._items.set(item.id, item);
      if (!this._map) return;
      this._place(item);
      // none while empty: the renderer reads the bounds of whatever it has to paint
      this._pxBounds = this._pxBounds ? this._pxBounds.extend(item.box) : L.bounds(item.box.min, item.box.max);
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
    /* The items under a point of the layer, each once: those whose number is there, then those whose shape is, each
       the top one first. */
    itemsAt: function (point) {
      var reach = this._radius + this._reach(NUMBER_WEIGHT), edge = this._reach(SHAPE_WEIGHT), numbers = [], shapes = [];
      this._items.forEach(function (item) {
        var dx = item.x - point.x, dy = item.y - point.y, box = item.box;
        if (dx * dx + dy * dy <= reach * reach) return numbers.push(item);
        if (item.parts && box.contains(point) && (inside(point, item.parts) || onEdge(point, item.parts, edge))) shapes.push(item);
      });
      return numbers.reverse().concat(shapes.reverse());
    },
    hit: function () { return this._hit || {}; },  // the top item under the mouse, for the tooltip
    getLatLng: function () {  // where Leaflet opens the tooltip: at the item's number
      var hit = this.hit();
      return hit.id ? L.latLng(hit.lat, hit.lng) : this._map.getCenter();
    },
    getBounds: function () {
      var bounds = L.latLngBounds([]);
      this._items.forEach(function (item) {
        bounds.extend([item.lat, item.lng]);
        (item.parts || []).forEach(function (part) {
          part.coords.forEach(function (c) { bounds.extend([c[1], c[0]]); });
        });
      });
      return bounds;
    },
    _reach: function (weight) { return weight / 2 + this._renderer.options.tolerance; },  // as Leaflet's paths have it
    /* A place's pixel on the canvas, as latLngToLayerPoint has it, without a LatLng and a Point made for each. */
    _pixel: function (lon, lat) {
      var p = this._crs.latLngToPoint({ lat: lat, lng: lon }, this._zoom);
      return { x: Math.round(p.x) - this._origin.x, y: Math.round(p.y) - this._origin.y };
    },
    _place: function (item) {
      var p = this._pixel(item.lng, item.lat), pad = this._radius + this._reach(NUMBER_WEIGHT), edge = this._reach(SHAPE_WEIGHT);
      var left = p.x - pad, top = p.y - pad, right = p.x + pad, bottom = p.y + pad;
      item.x = p.x;
      item.y = p.y;
      (item.parts || []).forEach(function (part) {
        part.px = part.coords.map(function (c) {
          var q = this._pixel(c[0], c[1]);
          left = Math.min(left, q.x - edge); right = Math.max(right, q.x + edge);
          top = Math.min(top, q.y - edge); bottom = Math.max(bottom, q.y + edge);
          return q;
        }, this);
      }, this);
      item.box = L.bounds([left, top], [right, bottom]);
    },
    _project: function () {  // added, zoomed or the view reset: every item placed again
      var bounds = null;
      this._crs = this._map.options.crs; this._zoom = this._map.getZoom(); this._origin = this._map.getPixelOrigin();
      this._radius = markerRadius();
      this._items.forEach(function (item) {
        this._place(item);
        bounds = bounds ? bounds.extend(item.box) : L.bounds(item.box.min, item.box.max);
      }, this);
      this._pxBounds = bounds;  // none while empty: the renderer reads the bounds of whatever it has to paint
    },
    _update: function () { if (this._map) this._updatePath(); },
    _updatePath: function () {
      var r = this._renderer, ctx = r._ctx, radius = this._radius, view = r._bounds;
      if (!r._drawing) return;
      var shown = [];
      this._items.forEach(function (item) { if (item.box.intersects(view)) shown.push(item); });  // the rest is off the canvas
      ctx.globalAlpha = 1; ctx.setLineDash([]); ctx.lineCap = ctx.lineJoin = "round"; ctx.lineWidth = SHAPE_WEIGHT;
      shown.forEach(function (item) {
        if (!item.parts) return;
        ctx.fillStyle = ctx.strokeStyle = item.colour;
        if (item.parts.some(function (part) { return part.closed; })) {
          trace(ctx, item.parts, true);
          ctx.globalAlpha = 0.25;
          ctx.fill("evenodd");
          ctx.globalAlpha = 1;
        }
        trace(ctx, item.parts, false);
        ctx.stroke();
      });
      ctx.lineWidth = NUMBER_WEIGHT; ctx.strokeStyle = "#fff";
      shown.forEach(function (item) {
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

  var dataLayer = L.featureGroup().addTo(map), highlight = L.layerGroup().addTo(map), items = new Items({ renderer: renderer });
  dataLayer.addLayer(items);
  var styles = {}, hidden = new Set(), lastTag = null, controller = null;
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

  /* The legend's colours, from the page's legend, or the settings' where the page has none (an embed without it). */
  function readLegend() {
    var legend = document.getElementById("legend");
    styles = legend ? JSON.parse(legend.dataset.legend) : cfg.legend || {};
    if (legend) legend.querySelectorAll("[data-category-toggle]").forEach(function (box) {
      box.checked = !hidden.has(box.dataset.categoryToggle);
    });
  }

  /* `batch`: the items are gathered there rather than put one by one (a whole view, put at once). */
  function draw(feature, batch) {
    var p = feature.properties, at = p.label || feature.geometry.coordinates;
    if (p.cluster) {  // the radius the server counted it for: it fits its square of the grid (features/clusters.py)
      var cluster = new NumberMarker([at[1], at[0]], { renderer: renderer, radius: p.radius,
        color: "#fff", weight: 2, fillColor: "#2f5d50", fillOpacity: 0.85, text: countText(p.cluster) });
      cluster.tooltipText = count(p.cluster);
      return dataLayer.addLayer(cluster);
    }
    if (hidden.has(String(p.category)) || feature.id === editingId) return;
    // a line or a zone has its shape, and its number at its label point
    var item = { id: feature.id, lat: at[1], lng: at[0], colour: (styles[p.category] || {}).colour || "#555555",
      text: pad(p.number), tip: pad(p.number) + " · " + p.title, parts: p.label ? partsOf(feature.geometry) : null };
    if (batch) batch.push(item); else items.put(item);
  }

  function forget(id) { items.drop(id); }

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
    if (event.layer !== items) return map.setView(event.layer.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));  // a cluster
    var here = items.itemsAt(event.layerPoint).map(function (item) { return { id: item.id, text: item.tip }; });
    if (here.length > 1) offerChoice(here, event.latlng); else if (here.length) select(here[0].id);
  });
  dataLayer.bindTooltip(function (layer) {
    return document.createTextNode((layer === items ? items.hit().tip : layer.tooltipText) || "");
  });
  // From one item straight onto another over it, the mouse never leaves the layer: the tooltip follows all the same.
  var tipped = null;
  items.on("mousemove", function () {
    if (items.hit() !== tipped) { tipped = items.hit(); dataLayer.openTooltip(); }
  });

  /* `whole`: no view, all that is asked (an action's items, wherever they are, to fit the map to them); the
     server sends clusters when they are many, so moving the map then asks by view as usual. */
  function load(force, whole) {
    var params = new URLSearchParams(onlyAction ? { action: onlyAction } : {});
    var b = map.getBounds();
    if (!whole && !cfg.whole) viewParams(params, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], map.getZoom());
    // An embed of some categories only (cfg.categories) names them, as layer_start.js does: the legend's, those shown.
    if (hidden.size || cfg.categories) params.set("categories", Object.keys(styles).filter(function (id) { return !hidden.has(id); }).join(","));
    if (controller) controller.abort();
    controller = new AbortController();
    var url = cfg.layerUrl + "?" + params;
    performance.mark("layer-asked");  // with layer-parsed, for bench/paint.py's breakdown of an opening
    return (firstAnswer(url, controller.signal) || fetch(url, { signal: controller.signal, headers: { Accept: "application/geo+json" } }))
      .then(function (response) {
        var tag = response.headers.get("ETag") + params;
        if (!response.ok || (tag === lastTag && !force)) return;
        lastTag = tag;
        return response.json().then(function (data) {
          performance.mark("layer-parsed");
          dataLayer.eachLayer(function (layer) { if (layer !== items) dataLayer.removeLayer(layer); });  // the clusters
          var batch = [];
          data.features.forEach(function (feature) { draw(feature, batch); });
          items.reset(batch);
          highlight.eachLayer(function (layer) { layer.bringToFront(); });  // over the items, drawn again under it
          el.dataset.painted = String(data.features.length);
          el.dispatchEvent(new CustomEvent("layer-painted", { detail: data.features.length }));
        });
      })
      .catch(function (error) { if (error.name !== "AbortError") el.dataset.layerError = String(error); });
  }

  function select(id) {
    if (cfg.featureUrl) htmx.ajax("GET", cfg.featureUrl + id, { target: "#detail", swap: "innerHTML" });  // none at a date
  }

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
  // The map at a date (cfg.whole: the items of a day, sent whole) is not asked again as it moves.
  if (!cfg.whole) map.on("moveend", function () { load(false); });

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
  if (cfg.changesUrl) {  // none on the map at a date: that day is over
    setInterval(poll, 4000);
    document.addEventListener("visibilitychange", poll);
  }

  readLegend();
  load(true).then(afterPanelChange);
})();
