/* The service worker: the app's pages, fragments and assets keep working without signal.
   VERSION and ASSETS are written above this line by the server (app/offline/routes.py).

   - assets (scripts, styles, icons): from the cache first; ASSETS are kept on installing, the others (the
     drawing tools) when first used; a new VERSION replaces them all;
   - pages and htmx fragments (GET): from the network, kept as the latest copy (unless answered `no-store`), and
     from that copy when the network fails; fragments are kept apart from pages of the same address (key "…__hx=1");
   - a map's GeoJSON: as pages, and offline any view of the map falls back to the whole map kept by
     « Préparer hors ligne »;
   - tiles: from the cache first, kept as seen;
   - everything that changes data (POST) goes to the network; the page's outbox (offline.js) keeps what fails. */
"use strict";
var SHELL = "voyette-shell-" + VERSION, PAGES = "voyette-pages", TILES = "voyette-tiles";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("voyette-shell-") === 0 && name !== SHELL; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* This site's tiles are matched on their path, other hosts' on their whole address. */
function isTile(url) {
  var address = url.origin === self.location.origin ? url.pathname + url.search : url.href;
  return TILE_PATTERNS.some(function (pattern) { return pattern.test(address); });
}
function isFragment(request) { return request.headers.get("HX-Request") === "true"; }

/* The key a GET is kept under: fragments apart from pages, and never the volatile htmx headers. */
function keyOf(request) {
  if (!isFragment(request)) return request.url;
  var url = new URL(request.url);
  url.searchParams.set("__hx", "1");
  return url.href;
}

/* Offline, any view of a map's GeoJSON is answered with the whole map kept before going out. */
function wholeMapKey(url) {
  return /\/elements\.geojson$/.test(url.pathname) ? url.origin + url.pathname : null;
}

/* Offline, a page of a map never opened as such (an item's address, after the panel changed it) opens the
   map's page, whose panel can then show what was kept; not for an embed (/integrer), shown to the public in another
   site's frame, which the map page may not be. */
function mapPageKey(request, url) {
  var page = request.mode === "navigate" && !/\/integrer$/.test(url.pathname) && url.pathname.match(/^\/cartes\/\d+/);
  return page ? url.origin + page[0] : null;
}

/* The server says what may be kept: a backup, a print or a document answered `no-store` never stays on the device,
   where the next person on a shared tablet would find it. */
function keepable(response) {
  return response.ok && response.type === "basic" && !/no-store/.test(response.headers.get("Cache-Control") || "");
}

function fromNetworkKeepingCopy(request) {
  var key = keyOf(request);
  return fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(key, copy); });
    }
    return response;
  }).catch(function (error) {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(key, { ignoreVary: true }).then(function (kept) {
        var url = new URL(request.url), whole = wholeMapKey(url) || mapPageKey(request, url);
        return kept || (whole ? cache.match(whole, { ignoreVary: true }) : undefined);
      }).then(function (kept) {
        // The fallback is a promise of a match: only what it finds is a page kept, else the French offline page.
        return kept || offlineAnswer(request, error);
      });
    });
  });
}

/* Nothing kept: a page says so in French; a fragment gets a 503 that the page shows in its panel. */
function offlineAnswer(request, error) {
  if (request.mode === "navigate" || isFragment(request)) {
    return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
  throw error;
}

function fromCacheFirst(cacheName, request) {
  return caches.open(cacheName).then(function (cache) {
    return cache.match(request.url, { ignoreVary: true }).then(function (kept) {
      return kept || fetchKeepable(request).then(function (response) {
        if (response.ok) cache.put(request.url, response.clone());
        return response;
      });
    });
  });
}

/* Tiles are asked with CORS where the host allows it: an opaque copy would count for megabytes in the
   browser's storage quota. A host without CORS still shows its tiles, just not kept. */
function fetchKeepable(request) {
  if (new URL(request.url).origin === self.location.origin || request.mode === "cors") return fetch(request);
  return fetch(new Request(request.url, { mode: "cors", credentials: "omit" })).catch(function () { return fetch(request); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET") return;
  if (isTile(url)) return event.respondWith(fromCacheFirst(TILES, request));
  if (url.origin !== self.location.origin || NETWORK_ONLY.some(function (p) { return p.test(url.pathname); })) return;
  if (url.pathname.indexOf(STATIC) === 0) return event.respondWith(fromCacheFirst(SHELL, request));
  event.respondWith(fromNetworkKeepingCopy(request));
});
