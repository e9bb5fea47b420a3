/* « Préparer hors ligne »: fetch, through the service worker that keeps them, the map page, its panels and
   forms, its whole GeoJSON and the basemap's tiles of its area at the zooms used on foot. The plan (area,
   zooms, tile limit, addresses) comes from the server (app/offline/shell.py). Loaded by the panel itself, so
   that a map page does not carry it until someone opens « Préparer hors ligne »; each card it finds (data-prepare),
   then or later, it describes once. */
(function () {
  "use strict";
  function describeAll(root) {
    var cards = Array.from(root.querySelectorAll("[data-prepare]"));
    if (root.matches && root.matches("[data-prepare]")) cards.push(root);
    cards.forEach(function (card) { if (!card.dataset.described) { card.dataset.described = "true"; describe(card); } });
  }
  var el = document.getElementById("map");
  if (!el) return;
  var cfg = JSON.parse(el.dataset.config);
  var PARALLEL = 6;

  function tileX(lon, z) { return Math.floor((lon + 180) / 360 * Math.pow(2, z)); }
  function tileY(lat, z) {
    var rad = lat * Math.PI / 180;
    return Math.floor((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * Math.pow(2, z));
  }

  /* The tiles of the area at each zoom, dropping the closest zooms while over the limit. */
  function tilesOf(plan) {
    var b = plan.bounds, zooms = plan.zooms.slice(), tiles;
    do {
      tiles = [];
      zooms.forEach(function (z) {
        for (var x = tileX(b[0], z); x <= tileX(b[2], z); x++)
          for (var y = tileY(b[3], z); y <= tileY(b[1], z); y++) tiles.push({ z: z, x: x, y: y });
      });
      if (tiles.length <= plan.maxTiles || zooms.length === 1) break;
      zooms.pop();
    } while (true);
    return { tiles: tiles, zooms: zooms };
  }

  /* The basemap shown now is the one kept. */
  function tileUrl(tile) {
    var basemap = cfg.basemaps.filter(function (b) { return b.name === activeBasemap(); })[0] || cfg.basemaps[0];
    var subdomains = basemap.subdomains || "abc";
    return new URL(basemap.url.replace("{s}", subdomains[(tile.x + tile.y) % subdomains.length])
      .replace("{z}", tile.z).replace("{x}", tile.x).replace("{y}", tile.y), location.href).href;
  }
  function activeBasemap() {
    var checked = document.querySelector(".leaflet-control-layers-base input:checked");
    return checked ? checked.nextElementSibling.textContent.trim() : null;
  }

  /* A message with its {X} placeholders filled: numbers and sizes written in French (1 234, 3,4 Mo, 850 ko). */
  var NUMBER = new Intl.NumberFormat("fr-FR");
  var SIZES = ["kilobyte", "megabyte"].map(function (unit) {
    return new Intl.NumberFormat("fr-FR", { style: "unit", unit: unit, maximumFractionDigits: 1 });
  });
  function size(bytes) { return bytes < 1e6 ? SIZES[0].format(Math.max(1, bytes / 1e3)) : SIZES[1].format(bytes / 1e6); }
  function text(template, values) {
    return template.replace(/\{([A-Z])\}/g, function (placeholder, key) {
      var value = values[key];
      return value === undefined ? placeholder : typeof value === "number" ? NUMBER.format(value) : value;
    });
  }

  function describe(card) {
    var plan = JSON.parse(card.dataset.prepare), messages = JSON.parse(card.dataset.messages);
    var area = tilesOf(plan), estimate = card.querySelector("[data-estimate]");
    var zooms = area.zooms[0] + "–" + area.zooms[area.zooms.length - 1];
    estimate.textContent = text(messages.estimate, { Z: zooms, T: area.tiles.length,
                                                      M: size(area.tiles.length * plan.tileBytes) });
    if (area.zooms.length < plan.zooms.length) {
      estimate.textContent += " " + text(messages.reduced, { Z: area.zooms[area.zooms.length - 1], L: plan.maxTiles });
    }
    card.querySelector("[data-prepare-start]").disabled = false;  // from now on a tap keeps the map
  }

  function prepare(card) {
    var plan = JSON.parse(card.dataset.prepare), messages = JSON.parse(card.dataset.messages);
    var status = card.querySelector("[data-prepare-status]"), bar = card.querySelector("[data-progress]");
    var button = card.querySelector("[data-prepare-start]");
    if (!navigator.onLine) { status.textContent = messages.offline; return; }
    var tiles = tilesOf(plan).tiles;
    var jobs = [].concat(
      plan.pages.map(function (url) { return { url: url, headers: {} }; }),
      plan.fragments.map(function (url) { return { url: url, headers: { "HX-Request": "true" } }; }),
      plan.data.map(function (url) { return { url: url, headers: { Accept: "application/geo+json" } }; }),
      tiles.map(function (tile) { return { url: tileUrl(tile), headers: {}, tile: true }; }));
    var done = 0, failed = 0, total = jobs.length;
    button.disabled = true; bar.hidden = false; bar.max = total;

    function one() {
      var job = jobs.shift();
      if (!job) return Promise.resolve();
      var options = job.tile ? { mode: "cors", credentials: "omit" } : { headers: job.headers, credentials: "same-origin" };
      // Through the service worker, which keeps each answer (sw.js).
      return fetch(job.url, options).then(function (response) { if (!response.ok) failed++; return response.arrayBuffer(); })
        .catch(function () { failed++; })
        .then(function () {
          done++; bar.value = done;
          status.textContent = text(messages.progress, { D: done, T: total });
          return one();
        });
    }
    var workers = [];
    for (var i = 0; i < PARALLEL; i++) workers.push(one());
    Promise.all(workers).then(function () { return navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : {}; })
      .then(function (estimate) {
        button.disabled = false;
        status.textContent = failed ? text(messages.missed, { F: failed })
          : text(messages.done, { T: tiles.length, M: size(estimate.usage || 0) });
        card.dataset.prepared = failed ? "partly" : "yes";
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-prepare-start]");
    if (button) prepare(button.closest("[data-prepare]"));
  });
  document.addEventListener("htmx:load", function (event) { describeAll(event.target); });
  describeAll(document);
})();
