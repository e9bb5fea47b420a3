/* The map island: Leaflet, the data layer of the current view, selection and highlighting.
   It reads its configuration from the map's data-config attribute and talks to the server through
   htmx for everything that is HTML; the only fetch() is the GeoJSON of the view. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var cfg = JSON.parse(el.dataset.config);
  var map = L.map(el, { preferCanvas: true }).setView([cfg.center[1], cfg.center[0]], cfg.zoom);
  el.voyetteMap = map;

  var bases = {};
  cfg.basemaps.forEach(function (b, i) {
    var tiles = L.tileLayer(b.url, { attribution: b.attribution, maxZoom: b.max_zoom, maxNativeZoom: b.max_zoom,
                                     subdomains: b.subdomains || "abc" });
    bases[b.name] = tiles;
    if (i === 0) tiles.addTo(map);
  });
  if (cfg.basemaps.length > 1) L.control.layers(bases, null, { position: "topright" }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  /* One canvas for every feature; it sets the numbers' font once per frame rather than once per marker. */
  var NumberCanvas = L.Canvas.extend({
    _draw: function () {
      var ctx = this._ctx;
      ctx.font = FONT; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      L.Canvas.prototype._draw.call(this);
    }
  });
  var FONT = "bold 11px system-ui, sans-serif", SMALL_FONT = "bold 9px system-ui, sans-serif";
  var renderer = new NumberCanvas({ padding: 0.3, tolerance: 5 });
  /* The cadastre (the map's reference layer), under the items, from zoom 16: faint outlines that drawn zones snap to
     (Leaflet-Geoman snaps to any path on the map), never clickable. */
  var parcels = L.geoJSON(null, { interactive: false, style: { color: "#6b6b6b", weight: 1, opacity: 0.7, fill: false } })
    .addTo(map);
  var parcelsAsked = "";
  function loadParcels() {
    if (!cfg.parcelsUrl) return;
    if (map.getZoom() < 16) { parcels.clearLayers(); parcelsAsked = ""; el.dataset.parcels = "0"; return; }
    var b = map.getBounds().pad(0.2);
    var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(",");
    if (bbox === parcelsAsked) return;
    parcelsAsked = bbox;
    fetch(cfg.parcelsUrl + "?bbox=" + bbox, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || bbox !== parcelsAsked) return;
        parcels.clearLayers();
        parcels.addData(data);
        el.dataset.parcels = String(data.features.length);
      });
  }
  map.on("moveend", loadParcels);
  loadParcels();

  var dataLayer = L.featureGroup().addTo(map);
  var highlight = L.layerGroup().addTo(map);
  var styles = {}, hidden = new Set(), shown = new Map(), lastTag = null, controller = null;
  var state = { editingId: null, draft: null };
  var onlyAction = null, filterBar = document.getElementById("map-filter");

  /* A circle with a number in it, painted on the canvas so that thousands stay fast. Leaflet also calls
     _updatePath outside of a frame, when the text would be wiped at once: it is written only while painting. */
  var NumberMarker = L.CircleMarker.extend({
    _updatePath: function () {
      L.CircleMarker.prototype._updatePath.call(this);
      var r = this._renderer, text = this.options.text;
      if (!r._drawing || !text || this._radius < 8) return;
      r._ctx.fillStyle = "#fff";
      if (text.length > 3) r._ctx.font = SMALL_FONT;
      r._ctx.fillText(text, this._point.x, this._point.y + 0.5);
      if (text.length > 3) r._ctx.font = FONT;
    }
  });

  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function colourOf(category) { return (styles[category] || {}).colour || "#555555"; }
  /* Numbers are readable from zoom 15; further out, features are dots that do not hide each other. */
  function markerRadius() { var z = map.getZoom(); return z >= 15 ? 11 : z >= 13 ? 6 : 4; }

  function readLegend() {
    var legend = document.getElementById("legend");
    styles = legend ? JSON.parse(legend.dataset.legend) : {};
    if (legend) legend.querySelectorAll("[data-category-toggle]").forEach(function (box) {
      box.checked = !hidden.has(box.dataset.categoryToggle);
    });
  }

  function drawCluster(feature) {
    var count = feature.properties.cluster, at = feature.geometry.coordinates;
    var cluster = new NumberMarker([at[1], at[0]], { renderer: renderer, radius: Math.min(34, 12 + Math.log2(count) * 2.5),
      color: "#fff", weight: 2, fillColor: "#2f5d50", fillOpacity: 0.85, text: String(count) });
    cluster.tooltipText = String(count);
    dataLayer.addLayer(cluster);
  }

  function draw(feature) {
    var p = feature.properties;
    if (p.cluster) return drawCluster(feature);
    if (hidden.has(String(p.category)) || feature.id === state.editingId) return;
    var colour = colourOf(p.category), label = p.label || feature.geometry.coordinates, added = [];
    function tag(layer) { layer.featureId = feature.id; layer.tooltipText = pad(p.number) + " · " + p.title; }
    if (p.label) {  // a line or a zone: its shape, and its number at the label point
      var shape = L.geoJSON(feature, { renderer: renderer, style: { color: colour, weight: 3, fillOpacity: 0.25 } })
        .getLayers()[0];
      tag(shape);
      if (shape.eachLayer) shape.eachLayer(tag);
      added.push(shape);
    }
    var marker = new NumberMarker([label[1], label[0]], { renderer: renderer, radius: markerRadius(), color: "#fff",
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

  /* Clicks and tooltips are handled once for the whole layer, not bound to each of thousands of features. */
  dataLayer.on("click", function (event) {
    if (drawing) return;  // a click on an item while drawing is a vertex on it (a plot against its neighbour), not a choice
    var layer = event.layer;
    if (layer.featureId) select(layer.featureId);
    else map.setView(layer.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
  });
  dataLayer.bindTooltip(function (layer) { return document.createTextNode(layer.tooltipText || ""); });
  map.on("zoomend", function () {
    var radius = markerRadius();
    dataLayer.eachLayer(function (layer) { if (layer.isNumber && layer.getRadius() !== radius) layer.setRadius(radius); });
  });

  /* `whole`: no view, all that is asked (an action's items, wherever they are, to fit the map to them); the
     server sends clusters when they are many, so moving the map then asks by view as usual. */
  function load(force, whole) {
    var b = map.getBounds().pad(0.25);
    var params = new URLSearchParams(onlyAction ? { action: onlyAction } : {});
    if (!whole) params.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
      .map(function (v) { return v.toFixed(5); }).join(","));
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
          el.dataset.painted = String(data.features.length);
          el.dispatchEvent(new CustomEvent("layer-painted", { detail: data.features.length }));
        });
      })
      .catch(function (error) { if (error.name !== "AbortError") el.dataset.layerError = String(error); });
  }

  function select(id) {
    htmx.ajax("GET", cfg.featureUrl + id, { target: "#detail", swap: "innerHTML" });
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
    var detail = document.getElementById("detail");
    if (detail.children.length) foldPanel(false);
    var removed = detail.querySelector("[data-removed]");
    var holder = detail.querySelector("[data-feature]");
    var feature = holder ? JSON.parse(holder.dataset.feature) : null;
    var editing = detail.querySelector("form.feature-form");
    focusPanel(detail);
    if (!editing && (state.draft || state.editingId !== null)) stopEditing();  // saved, proposed or left
    if (removed) { forget(Number(removed.dataset.removed)); showSelected(null); return; }
    if (detail.querySelector("[data-layer-changed]")) load(true);  // items added from the panel (plots cut)
    syncViewBounds();
    if (feature && !editing) { forget(feature.id); draw(feature); }
    showSelected(feature);
  }

  /* Keyboard and screen-reader users land on what just opened, not back at the top of the page. */
  function focusPanel(detail) {
    var heading = detail.querySelector("h2");
    if (!heading || detail.contains(document.activeElement)) return;
    heading.tabIndex = -1;
    heading.focus();
  }

  function stopEditing() {
    if (state.draft) { state.draft.remove(); state.draft = null; }
    if (window.VoyetteEditor) window.VoyetteEditor.stop(map);
    if (state.editingId !== null) { state.editingId = null; load(true); }
    setDrawing(null);
  }

  function closePanel() {
    stopEditing();
    document.getElementById("detail").innerHTML = "";
    highlight.clearLayers();
    if (location.pathname !== cfg.mapUrl) history.pushState({}, "", cfg.mapUrl);
  }

  /* The drawing tools (Leaflet-Geoman, ~110 KB) load only when someone starts to draw or edit. */
  var editorReady = null;
  function editor() {
    if (editorReady) return editorReady;
    editorReady = new Promise(function (resolve, reject) {
      var link = document.createElement("link");
      link.rel = "stylesheet"; link.href = cfg.editor[0];
      document.head.appendChild(link);
      var scripts = cfg.editor.slice(1);
      (function next() {
        if (!scripts.length) return resolve(window.VoyetteEditor);
        var script = document.createElement("script");
        script.src = scripts.shift(); script.onload = next; script.onerror = reject;
        document.head.appendChild(script);
      })();
    });
    return editorReady;
  }

  var drawing = null;
  function setDrawing(kind) {
    drawing = kind;
    document.querySelectorAll("[data-draw]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.draw === kind));
    });
    var hint = document.getElementById("draw-hint");
    hint.hidden = !kind;
    hint.textContent = kind ? hint.dataset[kind] : "";
  }

  /* Draw a new item of `kind`; with `zone`, a shared plot of that zone (the server checks it lies inside). */
  function startDrawing(kind, zone) {
    stopEditing();
    setDrawing(kind);
    editor().then(function (ed) {
      ed.draw(map, kind, function (layer, geometry) {
        setDrawing(null);
        openNewForm(kind, layer, geometry, zone ? { zone: zone } : {});
      });
    });
  }

  /* The form for a new feature of `kind`, its geometry (and other hidden fields, `extra`) filled in;
     `draft` is the shape shown on the map until the feature is saved or abandoned. */
  function openNewForm(kind, draft, geometry, extra) {
    state.draft = draft;
    return htmx.ajax("GET", cfg.newUrl + "?forme=" + kind, { target: "#detail", swap: "innerHTML" }).then(function () {
      var values = Object.assign(geometry ? { geometry: JSON.stringify(geometry) } : {}, extra);
      Object.keys(values).forEach(function (name) {
        var input = document.querySelector("#detail form.feature-form input[name=" + name + "]");
        if (input) input.value = values[name];
      });
      var title = document.querySelector("#detail input[name=title]");
      if (title) title.focus();
    });
  }

  /* « Photo »: a new point placed where its photo was taken, nothing drawn. */
  function startFromPhoto() {
    stopEditing();
    openNewForm("point", null, null, {}).then(function () {
      var place = document.querySelector("#detail input[name=place_at_photo]");
      if (place) place.checked = true;
      var file = document.querySelector("#detail input[name=photo]");
      if (file) file.focus();
    });
  }

  /* For the other islands of the page (locate.js): add a point at a place without drawing it. */
  el.voyette = {
    addPointAt: function (latlng, extra) {
      stopEditing();
      var draft = L.circleMarker(latlng, { radius: 11, color: "#d9480f", weight: 3, fillOpacity: 0.2 }).addTo(map);
      return openNewForm("point", draft, { type: "Point", coordinates: [latlng.lng, latlng.lat] }, extra || {});
    }
  };

  function editShape(form) {
    var feature = JSON.parse(form.dataset.feature);
    state.editingId = feature.id;
    forget(feature.id);
    highlight.clearLayers();
    editor().then(function (ed) {
      ed.edit(map, feature, function (geometry) { form.querySelector("input[name=geometry]").value = JSON.stringify(geometry); });
    });
  }

  /* The bottom sheet on a tablet: folded, the map has the screen; whatever opens in the panel unfolds it. */
  function foldPanel(folded) {
    var panel = document.getElementById("panel"), toggle = document.querySelector("[data-sheet]");
    if (!toggle || panel.classList.contains("collapsed") === folded) return;
    panel.classList.toggle("collapsed", folded);
    toggle.setAttribute("aria-expanded", String(!folded));
    toggle.textContent = folded ? toggle.dataset.expand : toggle.dataset.collapse;
    map.invalidateSize();
  }

  document.addEventListener("click", function (event) {
    var sheet = event.target.closest("[data-sheet]");
    if (sheet) return foldPanel(sheet.getAttribute("aria-expanded") === "true");
    if (event.target.closest("[data-photo-point]")) return startFromPhoto();
    var actionButton = event.target.closest("[data-show-action]");
    if (actionButton) return showAction(actionButton.dataset.showAction, actionButton.dataset.label);
    if (event.target.closest("[data-filter-clear]")) return showAction(null);
    var preview = event.target.closest("[data-print-preview]");
    if (preview) { event.preventDefault(); return showPrintPreview(preview.form); }
    var target = event.target.closest("[data-draw], [data-edit-shape], [data-close], [data-cancel]");
    if (!target) return;
    if (target.dataset.draw) { event.preventDefault(); startDrawing(target.dataset.draw, target.dataset.zone); }
    else if (target.hasAttribute("data-edit-shape")) { event.preventDefault(); editShape(target.closest("form")); }
    else if (target.hasAttribute("data-close")) { event.preventDefault(); closePanel(); }
    else if (target.hasAttribute("data-cancel")) { stopEditing(); }
  });
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

  /* « Imprimer » prints « la vue actuelle » from the bounds written here, and shows its preview in the panel. */
  function syncViewBounds() {
    var input = document.querySelector("#detail input[data-view-bbox]");
    if (!input) return;
    var b = map.getBounds();
    input.value = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(",");
  }
  map.on("moveend", syncViewBounds);

  function showPrintPreview(form) {
    syncViewBounds();
    var params = new URLSearchParams(new FormData(form));
    params.set("sortie", "apercu");
    var figure = form.querySelector(".print-preview"), image = figure.querySelector("img");
    image.onload = function () { figure.hidden = false; form.dataset.previewed = "true"; };
    // A refused choice: the form comes back from the server with the reason next to it.
    image.onerror = function () { figure.hidden = true; htmx.ajax("GET", form.action + "?" + params, { target: "#detail" }); };
    image.src = form.action + "?" + params;
  }

  /* « Voir sur la carte » on an action: only the items it concerns, the map fitted to them, until « Tout
     afficher » (id null) brings back everything and the view the user had before filtering. */
  var viewBeforeFilter = null;
  function showAction(id, label) {
    if (id && !onlyAction) viewBeforeFilter = { center: map.getCenter(), zoom: map.getZoom() };
    onlyAction = id;
    filterBar.hidden = !id;
    filterBar.querySelector("[data-filter-label]").textContent = label || "";
    if (!id && viewBeforeFilter) map.setView(viewBeforeFilter.center, viewBeforeFilter.zoom, { animate: false });
    load(true, Boolean(id)).then(function () {
      if (id && dataLayer.getLayers().length) map.fitBounds(dataLayer.getBounds(), { maxZoom: 18, padding: [40, 40], animate: false });
    });
  }

  /* Live updates: while the page is visible, ask every few seconds what others changed since the last
     revision seen, redraw those features and let the list and legend refresh themselves. */
  var revision = cfg.revision;
  function poll() {
    if (document.visibilityState !== "visible") return;
    fetch(cfg.changesUrl + "?depuis=" + revision, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || data.revision <= revision) return;
        revision = data.revision;
        // Whether a changed item belongs to the action is the server's to say; too many changes to send one
        // by one (`reload`): the view is asked again.
        if (onlyAction || data.reload) load(true);
        else {
          data.removed.forEach(forget);
          data.features.forEach(function (feature) { forget(feature.id); draw(feature); });
        }
        htmx.trigger(document.body, "features-changed");
      })
      .catch(function () { /* offline for a moment: the next poll catches up */ });
  }
  setInterval(poll, 4000);
  document.addEventListener("visibilitychange", poll);

  /* Who else has the map open: say we are here and show the others, less often than the change feed. */
  function present() {
    if (document.visibilityState !== "visible" || !navigator.onLine) return;
    htmx.ajax("POST", cfg.presenceUrl, { target: "#presence", swap: "innerHTML" }).catch(function () {});
  }
  setInterval(present, 15000);
  document.addEventListener("visibilitychange", present);

  readLegend();
  map.on("moveend", function () { load(false); });
  load(true).then(afterPanelChange);
  present();
})();
