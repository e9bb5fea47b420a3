/* The diagnostic en marchant's recorder. While a walk runs on this tablet: record its route from the GPS, draw it
   on the map, keep it on the device (a reload, a closed tab or a lost signal loses nothing), send it whole to
   the server every 15 s (sending it whole makes a repeated send harmless). It keeps the screen awake (Screen Wake
   Lock); while the page is hidden (the screen asleep) nothing can be recorded, so the route gets a break there,
   {after, from, until}, drawn as a dashed line. It reads the walk from the panel's data-walk-* attributes, and
   tells what it records in a walk-recorded event that walk_panel.js shows. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;
  var KEY = "voyette-walk:" + JSON.parse(el.dataset.config).mapUrl;  // one walk per map and device
  var SEND_EVERY = 15000, ACCURACY_MAX = 50, STEP_MIN = 3;  // ms; metres: the server's limit; metres: GPS jitter
  var RELOAD_GAP = 10000;  // ms: a page left hidden and opened again sooner was only reloaded, a step or two missed
  var ROUTE_STYLE = { color: "#d9480f", weight: 4, opacity: 0.85 }, GAP_STYLE = { color: "#d9480f", weight: 3,
                      opacity: 0.85, dashArray: "2 8" };
  var state = read(), watchId = null, sending = null, wakeLock = null, asking = false;
  if (state && !state.breaks) state.breaks = [];  // kept by an older version of this page
  var gps = "gpsWaiting", unsent = false, endOffline = false;  // the GPS's state; whether the network is missing
  var screen = null;  // screenAwake or screenMaySleep, once the wake lock was asked for

  /* --- What is kept on the device: {id, traceUrl, walkUrl, status, messages, positions, accuracies, breaks,
     hiddenAt (when the page was last hidden, while it is), sent (the size of what the server has)} --- */
  function read() {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch (error) { return null; }
  }
  function keep() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (error) { /* storage full: still in memory, still sent */ }
  }

  function begin(panel, positions, breaks) {
    var messages = {};
    ["gpsWaiting", "gpsActive", "gpsDenied", "gpsUnavailable", "unsent", "endOffline", "screenAwake", "screenMaySleep",
     "slept"].forEach(function (name) { messages[name] = panel.dataset[name]; });
    state = { id: Number(panel.dataset.walkRunning), traceUrl: panel.dataset.traceUrl, walkUrl: panel.dataset.walkUrl,
              status: panel.dataset.status, messages: messages, positions: positions, sent: "", breaks: breaks,
              accuracies: positions.map(function () { return null; }) };
    keep();
    record();
  }

  function finish() {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    watchId = null;
    state = null;
    localStorage.removeItem(KEY);
    if (wakeLock) wakeLock.release().catch(function () {});
    wakeLock = screen = null;
    tell();
  }

  /* --- The screen kept awake, asked again each time the page is shown (the browser lets go when it is hidden) --- */
  function awake() {
    if (!state || wakeLock || asking || document.visibilityState !== "visible") return;
    if (!navigator.wakeLock) { screen = "screenMaySleep"; return tell(); }
    asking = true;  // one lock at a time, however many times the page asks
    navigator.wakeLock.request("screen").then(function (sentinel) {
      asking = false;
      if (!state) return sentinel.release();  // the walk ended meanwhile
      wakeLock = sentinel;
      screen = "screenAwake";
      sentinel.addEventListener("release", function () { if (wakeLock === sentinel) wakeLock = null; });
      tell();
    }, function () { asking = false; screen = "screenMaySleep"; tell(); });  // refused: a low battery, a policy
  }

  /* --- The page hidden, then shown: a break in the route from the one moment to the other --- */
  function hidden() {
    if (!state || state.hiddenAt) return;
    state.hiddenAt = new Date().toISOString();
    keep();
  }

  function shown(reloaded) {
    if (!state || !state.hiddenAt || document.visibilityState !== "visible") return;  // opened hidden: not yet
    var from = state.hiddenAt, until = new Date().toISOString();
    delete state.hiddenAt;
    if (!(reloaded && Date.parse(until) - Date.parse(from) < RELOAD_GAP)) {
      state.breaks.push({ after: state.positions.length, from: from, until: until });
    }
    keep();
    tell();
  }

  function clock(iso) { return new Date(iso).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" }); }

  /* The route as recorded: its pieces between breaks, and the straight lines across them (a dashed line). */
  function pieces(walk) {
    var cuts = walk.breaks.map(function (gap) { return gap.after; })
      .filter(function (after) { return after > 0 && after < walk.positions.length; });
    var bounds = [0].concat(cuts, [walk.positions.length]), lines = [], gaps = [];
    for (var i = 1; i < bounds.length; i++) {
      if (bounds[i] > bounds[i - 1]) lines.push(walk.positions.slice(bounds[i - 1], bounds[i]));
    }
    cuts.forEach(function (after) { gaps.push([walk.positions[after - 1], walk.positions[after]]); });
    return { lines: lines, gaps: gaps };
  }

  /* What the map and the panel show of it: the route so far, the counters, the GPS's or the network's state, the
     screen's, the last break. */
  function tell(name) {
    if (name) gps = name;
    var drawn = state && state.positions.length ? pieces(state) : { lines: [], gaps: [] };
    el.dispatchEvent(new CustomEvent("voyette:overlay", { detail: { name: "walk-recorded", style: ROUTE_STYLE,
      geojson: drawn.lines.length ? { type: "MultiLineString", coordinates: drawn.lines } : null } }));
    el.dispatchEvent(new CustomEvent("voyette:overlay", { detail: { name: "walk-gaps", style: GAP_STYLE,
      geojson: drawn.gaps.length ? { type: "MultiLineString", coordinates: drawn.gaps } : null } }));
    var gap = state && state.breaks[state.breaks.length - 1], slept = state && state.messages.slept || "";
    document.dispatchEvent(new CustomEvent("walk-recorded", { detail: state && { walk: state,
      metres: drawn.lines.reduce(function (total, line) { return total + walked(line); }, 0),
      line: state.messages[endOffline ? "endOffline" : unsent ? "unsent" : gps] || "",
      screen: screen && state.messages[screen],
      slept: gap ? slept.replace("{from}", clock(gap.from)).replace("{until}", clock(gap.until)) : "" } }));
    endOffline = false;  // said once, until the next news
  }

  /* --- The GPS --- */
  function record() {
    tell();
    awake();
    if (watchId !== null) return;
    if (!navigator.geolocation) return tell("gpsUnavailable");
    tell("gpsWaiting");
    watchId = navigator.geolocation.watchPosition(onFix, function (error) {
      tell(error.code === error.PERMISSION_DENIED ? "gpsDenied" : "gpsUnavailable");
    }, { enableHighAccuracy: true, maximumAge: 0, timeout: 30000 });
  }

  function onFix(position) {
    if (!state || state.hiddenAt) return;  // a fix while hidden: a break is being made there
    var c = position.coords, point = [round(c.longitude), round(c.latitude)];
    if (gps !== "gpsActive") tell("gpsActive");
    if (c.accuracy > ACCURACY_MAX) return;  // metres off: noise on the scale of a street
    var last = state.positions[state.positions.length - 1];
    if (last && metres(last, point) < STEP_MIN) return;  // standing still
    state.positions.push(point);
    state.accuracies.push(Math.round(c.accuracy * 10) / 10);
    keep();
    tell();
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
      body: JSON.stringify({ positions: walk.positions, accuracies: walk.accuracies, breaks: walk.breaks })
    });
  }

  function size(walk) { return walk.positions.length + "/" + walk.breaks.length; }  // both only grow

  function send() {
    if (!state || state.sent === size(state)) return Promise.resolve();
    if (sending) return sending.then(send);  // what came meanwhile (a break) goes right after
    var walk = state, count = size(state);
    sending = post(walk)
      .then(function (response) {  // 400: most likely a form token that expired while offline
        return response.status === 400 ? refreshToken().then(function () { return post(walk); }) : response;
      })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        setToken(data.csrf);
        if (state === walk) { walk.sent = count; keep(); }  // one send at a time: this is the latest answer
        unsent = false;
        tell();
        if (!data.running && state === walk && walk.sent === size(walk)) finish();  // ended elsewhere
      })
      .catch(function () { unsent = true; tell(); })  // kept on the device: the next round sends it
      .then(function () { sending = null; });
    return sending;
  }

  setInterval(send, SEND_EVERY);
  window.addEventListener("online", send);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { hidden(); send(); return; }
    shown(false);
    awake();
    send();
  });

  /* « Terminer la marche »: a fresh token and the last positions first; the route goes with the request too. */
  function ours(form) { return state && form.matches("[data-walk-end]") && Number(form.dataset.walkEnd) === state.id; }
  document.body.addEventListener("htmx:confirm", function (event) {
    if (!ours(event.detail.elt)) return;
    event.preventDefault();
    if (event.detail.question && !window.confirm(event.detail.question)) return;  // its hx-confirm, asked first
    refreshToken().catch(function () {}).then(send).then(function () { event.detail.issueRequest(true); });
  });
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!ours(event.detail.elt)) return;
    event.detail.parameters.positions = JSON.stringify(state.positions);
    event.detail.parameters.accuracies = JSON.stringify(state.accuracies);
    event.detail.parameters.breaks = JSON.stringify(state.breaks);
    event.detail.parameters.csrf_token = token();
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    if (ours(event.detail.elt)) { endOffline = true; tell(); }
  });

  /* Whatever the panel now shows: a walk started on this tablet, or the one recorded here ended. */
  function afterPanelChange() {
    var detail = document.getElementById("detail");
    var running = detail.querySelector("[data-walk-running]"), ended = detail.querySelector("[data-walk-ended]");
    if (running && running.hasAttribute("data-walk-start") && !(state && Number(running.dataset.walkRunning) === state.id)) {
      if (state && state.sent !== size(state)) post(state).catch(function () {});  // a walk left running
      finish();
      begin(running, [], []);
    }
    if (ended && state && Number(ended.dataset.walkEnded) === state.id) finish();
    tell();
  }

  /* « Enregistrer le parcours sur cette tablette »: go on, on this device, from the route the server holds. */
  document.addEventListener("click", function (event) {
    var running = event.target.closest("[data-walk-record]") && event.target.closest("[data-walk-running]");
    if (!running || state) return;
    var route = running.dataset.walkRoute ? JSON.parse(running.dataset.walkRoute) : null;
    begin(running, route ? route.coordinates.map(function (p) { return [p[0], p[1]]; }) : [],
          JSON.parse(running.dataset.walkBreaks || "null") || []);
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "detail") afterPanelChange();
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (state) {  // a reload while a walk runs: go on recording where it stopped
      shown(true);
      record();
    }
    afterPanelChange();
    send();
  });
})();
