/* An ended walk in the panel (its root: data-walk-ended, which names this island in data-script): its route on the
   map while it is open (its breaks dashed), and « Dessiner le parcours », a tap on the map at each turn, then « Enregistrer le parcours »
   (the turns go in its positions field). The map is map.js's: the route is an overlay, the taps are told by it. */
(function () {
  "use strict";
  var el = document.getElementById("map"), drawing = null;
  if (!el) return;
  var ROUTE_STYLE = { color: "#d9480f", weight: 4, opacity: 0.85 };
  var GAP_STYLE = { color: "#d9480f", weight: 3, opacity: 0.85, dashArray: "2 8" };  // a break: the screen asleep

  function tell(name, detail) { el.dispatchEvent(new CustomEvent(name, { detail: detail })); }
  function round(value) { return Math.round(value * 1e7) / 1e7; }
  function line(points) { return points.length ? { type: "LineString", coordinates: points } : null; }

  function tapped(event) {
    drawing.points.push(event.detail.at.map(round));
    tell("voyette:overlay", { name: "walk-drawn", geojson: line(drawing.points), style: ROUTE_STYLE });
    drawing.form.querySelector("input[name=positions]").value = JSON.stringify(drawing.points);
  }

  function startDrawing(panel) {
    var form = panel.querySelector("form[data-walk-draw]");
    stopDrawing();
    drawing = { form: form, points: [] };
    tell("voyette:overlay", { name: "walk-reviewed", geojson: null });
    tell("voyette:overlay", { name: "walk-reviewed-gaps", geojson: null });
    panel.querySelector("[data-walk-draw-hint]").hidden = false;
    form.querySelector("[data-walk-draw-save]").hidden = false;
    tell("voyette:taps", { on: true });  // two quick taps are two turns, not a zoom
    el.addEventListener("voyette:tapped", tapped);
  }

  function stopDrawing() {
    if (!drawing) return;
    el.removeEventListener("voyette:tapped", tapped);
    tell("voyette:taps", { on: false });
    tell("voyette:overlay", { name: "walk-drawn", geojson: null });
    drawing = null;
  }

  function load(panel) {
    if (panel.dataset.walkShown) return;
    panel.dataset.walkShown = "true";
    var route = panel.dataset.walkRoute ? JSON.parse(panel.dataset.walkRoute) : null;
    tell("voyette:overlay", { name: "walk-reviewed", geojson: route, style: ROUTE_STYLE, fit: { padding: [30, 30], maxZoom: 18 } });
    if (panel.dataset.walkGaps) tell("voyette:overlay", { name: "walk-reviewed-gaps", geojson: JSON.parse(panel.dataset.walkGaps), style: GAP_STYLE });
    var drawButton = panel.querySelector("[data-walk-draw-start]");
    if (!drawButton) return;
    drawButton.hidden = false;
    drawButton.addEventListener("click", function () { startDrawing(panel); });
  }

  function unload() {
    stopDrawing();
    tell("voyette:overlay", { name: "walk-reviewed", geojson: null });
    tell("voyette:overlay", { name: "walk-reviewed-gaps", geojson: null });
  }

  function init(root) {
    var panels = Array.from(root.querySelectorAll("[data-walk-ended]"));
    if (root.matches && root.matches("[data-walk-ended]")) panels.push(root);
    panels.forEach(load);
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    if (event.target.matches && event.target.matches("[data-walk-ended]")) unload();  // text nodes are cleaned up too
  });
  init(document);  // loaded by the first panel that needs it, after it
})();
