/* The diagnostic en marchant island. While a walk runs on this tablet: record its route from the GPS, draw it
   on the map, keep it on the device (a reload, a closed tab or a lost signal loses nothing), send it whole to
   the server every 15 s (sending it whole makes a repeated send harmless), and link every item added meanwhile
   to the walk. It reads the walk from the panel's data-walk-* attributes and its messages from them too. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;
  var KEY = "voyette-walk:" + JSON.parse(el.dataset.config).mapUrl;  // one walk per map and device
  var SEND_EVERY = 15000, ACCURACY_MAX = 50, STEP_MIN = 3;  // ms; metres: the server's limit; metres: GPS jitter
  var ROUTE_STYLE = { color: "#d9480f", weight: 4, opacity: 0.85, interactive: false };
  var state = read(), watchId = null, sending = null, recorded = null, reviewed = null, statusLink = null, drawing = null;
  var gps = "gpsWaiting", unsent = false;  // what the panel says: the GPS's state, or that the network is missing

  /* --- What is kept on the device: {id, traceUrl, walkUrl, status, messages, positions, accuracies, sent} --- */
  function read() {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch (error) { return null; }
  }
  function keep() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (error) { /* storage full: still in memory, still sent */ }
  }

  function begin(panel, positions) {
    state = { id: Number(panel.dataset.walkRunning), traceUrl: panel.dataset.traceUrl, walkUrl: panel.dataset.walkUrl,
              status: panel.dataset.status, messages: messagesOf(panel), positions: positions, sent: -1,
              accuracies: positions.map(function () { return null; }) };
    keep();
    record();
  }

  function messagesOf(panel) {
    var messages = {};
    ["gpsWaiting", "gpsActive", "gpsDenied", "gpsUnavailable", "unsent", "endOffline"].forEach(function (name) {
      messages[name] = panel.dataset[name];
    });
    return messages;
  }

  function finish() {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    watchId = null;
    state = null;
    localStorage.removeItem(KEY);
    if (recorded) { recorded.remove(); recorded = null; }
    showStatusLink(true);
  }

  /* --- The GPS --- */
  function record() {
    drawRecorded();
    showCounters();
    if (watchId !== null) return;
    if (!navigator.geolocation) return tell("gpsUnavailable");
    tell("gpsWaiting");
    watchId = navigator.geolocation.watchPosition(onFix, function (error) {
      tell(error.code === error.PERMISSION_DENIED ? "gpsDenied" : "gpsUnavailable");
    }, { enableHighAccuracy: true, maximumAge: 0, timeout: 30000 });
  }

  function onFix(position) {
    if (!state) return;
    var c = position.coords, point = [round(c.longitude), round(c.latitude)];
    if (gps !== "gpsActive") tell("gpsActive");
    if (c.accuracy > ACCURACY_MAX) return;  // metres off: noise on the scale of a street
    var last = state.positions[state.positions.length - 1];
    if (last && metres(last, point) < STEP_MIN) return;  // standing still
    state.positions.push(point);
    state.accuracies.push(Math.round(c.accuracy * 10) / 10);
    keep();
    drawRecorded();
    showCounters();
  }

  function round(value) { return Math.round(value * 1e7) / 1e7; }

  function metres(a, b) {  // haversine: enough between two fixes a few metres apart
    var rad = Math.PI / 180, dLat = (b[1] - a[1]) * rad, dLon = (b[0] - a[0]) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
            Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  }

  function walked(positions) {
    var total = 0;
    for (var i = 1; i < positions.length; i++) total += metres(positions[i - 1], positions[i]);
    return total;
  }

  /* --- Sending: the whole route, now and then; kept on the device until the server has it --- */
  function token() { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"]; }

  function setToken(value) {  // a page open for hours outlives its form token: each answer brings a fresh one
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    headers["X-CSRFToken"] = value;
    document.body.setAttribute("hx-headers", JSON.stringify(headers));
  }

  function refreshToken() {  // the same source of fresh tokens as the outbox's
    return fetch(document.querySelector("script[data-token]").dataset.token, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { setToken(data.csrf_token); });
  }

  function post(walk) {
    return fetch(walk.traceUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token() },
      body: JSON.stringify({ positions: walk.positions, accuracies: walk.accuracies })
    });
  }

  function send() {
    if (!state || state.sent === state.positions.length) return Promise.resolve();
    if (sending) return sending;
    var walk = state, count = state.positions.length;
    sending = post(walk)
      .then(function (response) {  // 400: most likely a form token that expired while offline
        return response.status === 400 ? refreshToken().then(function () { return post(walk); }) : response;
      })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        setToken(data.csrf);
        if (state === walk) { walk.sent = Math.max(walk.sent, count); keep(); }
        unsent = false;
        showLine();
        if (!data.running && state === walk && walk.sent === walk.positions.length) finish();  // ended elsewhere
      })
      .catch(function () { unsent = true; showLine(); })  // kept on the device: the next round sends it
      .then(function () { sending = null; });
    return sending;
  }

  setInterval(send, SEND_EVERY);
  window.addEventListener("online", send);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") send(); });

  /* « Terminer la marche »: a fresh token and the last positions first; the route goes with the request too. */
  document.body.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!state || !form.matches("[data-walk-end]") || Number(form.dataset.walkEnd) !== state.id) return;
    event.preventDefault();
    refreshToken().catch(function () {}).then(send).then(function () { event.detail.issueRequest(true); });
  });
  document.body.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!state || !form.matches("[data-walk-end]") || Number(form.dataset.walkEnd) !== state.id) return;
    event.detail.parameters.positions = JSON.stringify(state.positions);
    event.detail.parameters.accuracies = JSON.stringify(state.accuracies);
    event.detail.parameters.csrf_token = token();
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt.matches("[data-walk-end]")) showLine("endOffline");
  });

  /* --- What the page shows --- */
  function ourPanel() {
    var panel = document.querySelector("#detail [data-walk-running]");
    return panel && state && Number(panel.dataset.walkRunning) === state.id ? panel : null;
  }

  function tell(name) { gps = name; showLine(); }

  function showLine(message) {
    var panel = ourPanel(), line = panel && panel.querySelector("[data-walk-gps]");
    if (line) line.textContent = state.messages[message || (unsent ? "unsent" : gps)] || "";
  }

  function showCounters() {
    var panel = ourPanel();
    if (!panel) return;
    var distance = Math.round(walked(state.positions));
    panel.querySelector("[data-walk-distance]").textContent = distance >= 1000
      ? (distance / 1000).toLocaleString("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " km"
      : distance.toLocaleString("fr-FR") + " m";
    panel.querySelector("[data-walk-positions]").textContent = state.positions.length.toLocaleString("fr-FR");
  }

  function drawRecorded() {
    var map = el.voyetteMap;
    if (!map || !state) return;
    var latLngs = state.positions.map(function (p) { return [p[1], p[0]]; });
    if (recorded) recorded.setLatLngs(latLngs);
    else recorded = L.polyline(latLngs, ROUTE_STYLE).addTo(map);
  }

  /* An ended walk's route, while its report is open in the panel. */
  function showReviewed(panel) {
    var map = el.voyetteMap;
    if (reviewed) { reviewed.remove(); reviewed = null; }
    if (!map || !panel || !panel.dataset.walkRoute) return;
    reviewed = L.geoJSON(JSON.parse(panel.dataset.walkRoute), { style: ROUTE_STYLE, interactive: false }).addTo(map);
    map.fitBounds(reviewed.getBounds(), { padding: [30, 30], maxZoom: 18 });
  }

  /* While the panel shows something else, a link back to the walk being recorded. */
  function showStatusLink(panelShowsWalk) {
    if (!state || panelShowsWalk) { if (statusLink) statusLink.hidden = true; return; }
    if (!statusLink) {
      statusLink = document.createElement("a");
      statusLink.className = "walk-status";
      statusLink.setAttribute("hx-target", "#detail");
      document.getElementById("detail").before(statusLink);
    }
    statusLink.href = state.walkUrl;
    statusLink.setAttribute("hx-get", state.walkUrl);
    statusLink.textContent = state.status;
    statusLink.hidden = false;
    htmx.process(statusLink);
  }

  function routeOf(panel) {  // the route the server holds, to go on from it on this device
    var route = panel.dataset.walkRoute ? JSON.parse(panel.dataset.walkRoute) : null;
    return route ? route.coordinates.map(function (p) { return [p[0], p[1]]; }) : [];
  }

  /* Whatever the panel now shows: a walk to record, a walk that ended, a new item's form to link. */
  function afterPanelChange() {
    var detail = document.getElementById("detail");
    var running = detail.querySelector("[data-walk-running]");
    var ended = detail.querySelector("[data-walk-ended]");
    stopDrawing();
    if (running && running.hasAttribute("data-walk-start") && !ourPanel()) {
      if (state && state.sent !== state.positions.length) post(state).catch(function () {});  // a walk left running
      finish();
      begin(running, []);
    }
    if (running && !state) running.querySelector("[data-walk-record]").hidden = false;
    if (ended && state && Number(ended.dataset.walkEnded) === state.id) finish();
    if (ourPanel()) { showLine(); showCounters(); }
    var drawButton = ended && el.voyetteMap && ended.querySelector("[data-walk-draw-start]");
    if (drawButton) drawButton.hidden = false;
    showReviewed(ended);
    showStatusLink(Boolean(ourPanel()));
    if (state) detail.querySelectorAll("input[name=walk]").forEach(function (input) {
      if (!input.value) input.value = String(state.id);
    });
  }

  /* --- A route drawn after the walk: a tap on the map at each turn, then « Enregistrer le parcours » --- */
  function startDrawing(form) {
    var map = el.voyetteMap, panel = form.closest("[data-walk-ended]");
    stopDrawing();
    drawing = { form: form, points: [], line: L.polyline([], ROUTE_STYLE).addTo(map) };
    if (reviewed) { reviewed.remove(); reviewed = null; }
    panel.querySelector("[data-walk-draw-hint]").hidden = false;
    form.querySelector("[data-walk-draw-save]").hidden = false;
    map.doubleClickZoom.disable();  // two quick taps are two turns, not a zoom
    map.on("click", addTurn);
  }

  function addTurn(event) {
    drawing.points.push([round(event.latlng.lng), round(event.latlng.lat)]);
    drawing.line.addLatLng(event.latlng);
    drawing.form.querySelector("input[name=positions]").value = JSON.stringify(drawing.points);
  }

  function stopDrawing() {
    if (!drawing) return;
    el.voyetteMap.off("click", addTurn);
    el.voyetteMap.doubleClickZoom.enable();
    drawing.line.remove();
    drawing = null;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-walk-record], [data-walk-draw-start]");
    if (!target) return;
    var running = target.closest("[data-walk-running]");
    if (running && !state) { target.hidden = true; begin(running, routeOf(running)); afterPanelChange(); }
    else if (target.hasAttribute("data-walk-draw-start")) startDrawing(target.closest("form"));
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "detail") afterPanelChange();
  });

  if (state) record();  // a reload while a walk runs: go on recording where it stopped
  afterPanelChange();
  send();
})();
