/* Adding and reshaping items, for those who may add: the toolbar's « Point », « Ligne », « Zone » and « Photo »
   (the point where the chosen photo was taken: photo-read, from photo_shrink.js),
   « Modifier la forme sur la carte » in an item's form, and voyette:add-point {at, fields} (locate.js's « Ajouter
   ici »). The drawing tools (Leaflet-Geoman, ~110 KB, editor.js) load only when someone starts to draw or edit; the
   shape drawn goes into the form's hidden geometry field. While drawing, « Retirer le dernier point » (or Backspace)
   takes back the last point of a line or a zone, and « Annuler le tracé » (or Escape) gives the drawing up. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;
  var cfg = JSON.parse(el.dataset.config);
  var DRAFT = { color: "#d9480f", weight: 3, fillOpacity: 0.2 };
  var editorReady = null, drafting = false, editing = false, drawingKind = null;

  function tell(name, detail) { el.dispatchEvent(new CustomEvent(name, { detail: detail })); }

  function editor() {
    if (editorReady) return editorReady;
    editorReady = new Promise(function (resolve, reject) {
      el.addEventListener("voyette:editor-ready", function (event) { resolve(event.detail); }, { once: true });
      var link = document.createElement("link");
      link.rel = "stylesheet"; link.href = cfg.editor[0];
      document.head.appendChild(link);
      var scripts = cfg.editor.slice(1);
      (function next() {
        if (!scripts.length) return;
        var script = document.createElement("script");
        script.src = scripts.shift(); script.onload = next; script.onerror = reject;
        document.head.appendChild(script);
      })();
    });
    return editorReady;
  }

  function setDrawing(kind) {
    drawingKind = kind;
    tell("voyette:drawing", { on: Boolean(kind) });
    document.querySelectorAll("[data-draw]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.draw === kind));
    });
    var hint = document.getElementById("draw-hint");
    hint.hidden = !kind;
    hint.textContent = kind ? hint.dataset[kind] : "";
    var actions = document.querySelector("[data-draw-actions]");
    actions.hidden = !kind;
    actions.querySelector("[data-draw-undo]").hidden = kind === "point";
  }

  function undo() { if (editorReady && drawingKind) editorReady.then(function (ed) { ed.undo(); }); }

  function stopEditing() {
    tell("voyette:overlay", { name: "draft", geojson: null });
    if (editorReady) editorReady.then(function (ed) { ed.stop(); });
    if (editing) tell("voyette:editing", { id: null });
    drafting = editing = false;
    setDrawing(null);
  }

  /* The form for a new item of `kind`, its geometry (and other hidden fields, `extra`) filled in; the draft stays
     on the map until the item is saved or abandoned. */
  function openNewForm(kind, geometry, extra) {
    drafting = true;
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

  /* Draw a new item of `kind`; with `zone`, a shared plot of that zone (the server checks it lies inside). */
  function startDrawing(kind, zone) {
    stopEditing();
    setDrawing(kind);
    editor().then(function (ed) {
      ed.draw(kind, function (geometry) { setDrawing(null); openNewForm(kind, geometry, zone ? { zone: zone } : {}); });
    });
  }

  /* « Photo »: a new point placed where its photo was taken, nothing drawn. */
  function startFromPhoto() {
    stopEditing();
    openNewForm("point", null, {}).then(function () {
      var place = document.querySelector("#detail input[name=place_at_photo]");
      if (place) place.checked = true;
      var file = document.querySelector("#detail input[name=photo]");
      if (file) file.focus();
    });
  }

  function addPointAt(d) {
    stopEditing();
    var geometry = { type: "Point", coordinates: d.at };
    tell("voyette:overlay", { name: "draft", geojson: geometry, style: DRAFT });
    openNewForm("point", geometry, d.fields || {});
  }

  function editShape(form) {
    var feature = JSON.parse(form.dataset.feature);
    editing = true;
    tell("voyette:editing", { id: feature.id });
    editor().then(function (ed) {
      ed.edit(feature, function (geometry) { form.querySelector("input[name=geometry]").value = JSON.stringify(geometry); });
    });
  }

  el.addEventListener("voyette:add-point", function (event) { addPointAt(event.detail); });
  /* A photo to place the point at, chosen: the point goes where it was taken, as « Ajouter ici » drops one, so the
     form is complete on this device too (kept by the outbox while offline). The server places it the same way. */
  document.addEventListener("photo-read", function (event) {
    var form = event.target, place = form.querySelector("input[name=place_at_photo]");
    var geometry = form.querySelector("input[name=geometry]"), at = event.detail;
    if (!place || !place.checked || !geometry || at.lon === undefined) return;
    var point = { type: "Point", coordinates: [at.lon, at.lat] };
    geometry.value = JSON.stringify(point);
    tell("voyette:overlay", { name: "draft", geojson: point, style: DRAFT });
  });
  /* The toolbar's buttons come disabled: they work from now on. */
  document.querySelectorAll(".toolbar [data-draw], .toolbar [data-photo-point]").forEach(function (button) {
    button.disabled = false;
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-draw], [data-photo-point], [data-edit-shape], [data-draw-undo], " +
                                      "[data-draw-cancel], [data-close]");
    if (!target) return;
    if (target.dataset.draw) { event.preventDefault(); startDrawing(target.dataset.draw, target.dataset.zone); }
    else if (target.hasAttribute("data-draw-undo")) undo();
    else if (target.hasAttribute("data-photo-point")) startFromPhoto();
    else if (target.hasAttribute("data-edit-shape")) { event.preventDefault(); editShape(target.closest("form")); }
    else stopEditing();  // « Annuler le tracé », « Fermer », « Annuler »
  });
  document.addEventListener("keydown", function (event) {
    if (!drawingKind) return;
    if (event.key === "Escape") { event.preventDefault(); stopEditing(); }
    else if (event.key === "Backspace" && !event.target.closest("input, textarea, select, [contenteditable]")) {
      event.preventDefault();
      undo();
    }
  });
  /* Saved, proposed or left: the panel no longer shows the form of what is drawn or reshaped. */
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "detail" && (drafting || editing) && !event.target.querySelector("form.feature-form")) stopEditing();
  });
})();
