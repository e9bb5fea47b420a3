/* Where am I: follow the GPS position with its accuracy circle, and « Ajouter ici » drops a point there.
   A fix less precise than cfg.gps.warnAbove asks for a second tap; past cfg.gps.refuseAbove it is refused
   (the server refuses it too: app/features/forms.py). While a drawing tool is active (voyette:drawing), these
   controls let taps through to the map, where they are vertices, and the map stops following the position, so
   that it does not move under the finger. The map is map.js's: this island only asks it. */
(function () {
  "use strict";
  var el = document.getElementById("map"), tools = document.getElementById("field-tools");
  if (!el || !tools || !navigator.geolocation) return;
  var gps = JSON.parse(el.dataset.config).gps, messages = JSON.parse(tools.dataset.messages);
  var locateButton = tools.querySelector("[data-locate]"), addButton = tools.querySelector("[data-add-here]");
  var status = tools.querySelector("[data-gps-status]");
  var fix = null, following = false, confirmWeak = false, watchId = null, drawing = false;

  function tell(name, detail) { el.dispatchEvent(new CustomEvent(name, { detail: detail })); }
  tell("voyette:control", { element: tools, position: "bottomright" });
  tools.hidden = false;

  function say(key, metres) { status.textContent = messages[key].replace("N", metres === undefined ? "" : Math.round(metres)); }

  function show(at, accuracy) {
    tell("voyette:overlay", { name: "accuracy", geojson: { type: "Feature", geometry: { type: "Point", coordinates: at },
      properties: { metres: accuracy } }, style: { color: "#1c7ed6", weight: 1, fillOpacity: 0.12 } });
    tell("voyette:overlay", { name: "position", geojson: { type: "Point", coordinates: at },
      style: { radius: 8, color: "#fff", weight: 3, fillColor: "#1c7ed6", fillOpacity: 1 } });
  }

  function start() {
    following = true;
    locateButton.setAttribute("aria-pressed", "true");
    say("searching");
    watchId = navigator.geolocation.watchPosition(found, function (error) {
      say(error.code === error.PERMISSION_DENIED ? "denied" : "unavailable");
    }, { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });
  }

  function stop() {
    following = false;
    locateButton.setAttribute("aria-pressed", "false");
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    watchId = null;
    tell("voyette:overlay", { name: "position", geojson: null });
    tell("voyette:overlay", { name: "accuracy", geojson: null });
    fix = null;
    if (addButton) addButton.disabled = true;
    status.textContent = "";
  }

  function found(position) {
    var first = !fix, c = position.coords;
    fix = { at: [c.longitude, c.latitude], accuracy: c.accuracy };
    show(fix.at, fix.accuracy);
    if (addButton) addButton.disabled = false;
    confirmWeak = false;
    say(c.accuracy > gps.warnAbove ? "weak" : "found", c.accuracy);
    if (first) tell("voyette:view", { at: fix.at, minZoom: 17 });
    else if (following) tell("voyette:view", { at: fix.at });
  }
  // Moving the map by hand stops it from following; the position keeps updating.
  el.addEventListener("voyette:dragged", function () { following = false; });
  el.addEventListener("voyette:drawing", function (event) {
    drawing = event.detail.on;
    tools.toggleAttribute("data-drawing", drawing);  // app.css: no longer a target, taps go to the map
    tools.inert = drawing;
    if (drawing) following = false;
  });

  locateButton.addEventListener("click", function () {
    if (drawing) return;
    if (locateButton.getAttribute("aria-pressed") === "true") stop(); else start();
  });

  if (addButton) addButton.addEventListener("click", function () {
    if (!fix || drawing) return;
    if (fix.accuracy > gps.refuseAbove) return say("refused", fix.accuracy);
    if (fix.accuracy > gps.warnAbove && !confirmWeak) {
      confirmWeak = true;
      return say("confirm", fix.accuracy);
    }
    confirmWeak = false;
    following = true;
    tell("voyette:add-point", { at: fix.at, fields: { accuracy: fix.accuracy.toFixed(1) } });
  });
})();
