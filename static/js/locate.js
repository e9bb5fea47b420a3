/* Where am I: follow the GPS position with its accuracy circle, and « Ajouter ici » drops a point there.
   A fix less precise than cfg.gps.warnAbove asks for a second tap; past cfg.gps.refuseAbove it is refused
   (the server refuses it too: app/features/forms.py). */
(function () {
  "use strict";
  var el = document.getElementById("map"), tools = document.getElementById("field-tools");
  if (!el || !tools || !el.voyetteMap || !navigator.geolocation) return;
  var map = el.voyetteMap, gps = JSON.parse(el.dataset.config).gps;
  var messages = JSON.parse(tools.dataset.messages);
  var locateButton = tools.querySelector("[data-locate]"), addButton = tools.querySelector("[data-add-here]");
  var status = tools.querySelector("[data-gps-status]");
  var fix = null, following = false, confirmWeak = false;
  var marker = L.circleMarker([0, 0], { radius: 8, color: "#fff", weight: 3, fillColor: "#1c7ed6", fillOpacity: 1, interactive: false });
  var circle = L.circle([0, 0], { radius: 1, color: "#1c7ed6", weight: 1, fillOpacity: 0.12, interactive: false });

  var Control = L.Control.extend({ onAdd: function () { L.DomEvent.disableClickPropagation(tools); return tools; } });
  new Control({ position: "bottomright" }).addTo(map);
  tools.hidden = false;

  function say(key, metres) { status.textContent = messages[key].replace("N", metres === undefined ? "" : Math.round(metres)); }

  function start() {
    following = true;
    locateButton.setAttribute("aria-pressed", "true");
    say("searching");
    map.locate({ watch: true, enableHighAccuracy: true, setView: false, maximumAge: 5000, timeout: 30000 });
  }

  function stop() {
    following = false;
    locateButton.setAttribute("aria-pressed", "false");
    map.stopLocate();
    marker.remove(); circle.remove();
    fix = null;
    if (addButton) addButton.disabled = true;
    status.textContent = "";
  }

  map.on("locationfound", function (event) {
    var first = !fix;
    fix = { latlng: event.latlng, accuracy: event.accuracy };
    marker.setLatLng(event.latlng).addTo(map);
    circle.setLatLng(event.latlng).setRadius(event.accuracy).addTo(map);
    if (addButton) addButton.disabled = false;
    confirmWeak = false;
    say(event.accuracy > gps.warnAbove ? "weak" : "found", event.accuracy);
    if (first) map.setView(event.latlng, Math.max(map.getZoom(), 17));
    else if (following) map.panTo(event.latlng);
  });
  map.on("locationerror", function (event) { say(event.code === 1 ? "denied" : "unavailable"); });
  // Moving the map by hand stops it from following; the position keeps updating.
  map.on("dragstart", function () { following = false; });

  locateButton.addEventListener("click", function () {
    if (locateButton.getAttribute("aria-pressed") === "true") stop(); else start();
  });

  if (addButton) addButton.addEventListener("click", function () {
    if (!fix) return;
    if (fix.accuracy > gps.refuseAbove) return say("refused", fix.accuracy);
    if (fix.accuracy > gps.warnAbove && !confirmWeak) {
      confirmWeak = true;
      return say("confirm", fix.accuracy);
    }
    confirmWeak = false;
    following = true;
    el.voyette.addPointAt(fix.latlng, { accuracy: fix.accuracy.toFixed(1) });
  });
})();
