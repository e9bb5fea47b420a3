/* The first request for the map's items, sent as soon as the page is parsed (the first deferred script): before
   Leaflet and the other scripts are run, and before the basemap's tiles are asked, which the server would otherwise
   answer first. It asks what layer.js asks on opening, the view Leaflet will give #map at the map's centre and zoom
   (worked out here as Leaflet does); layer.js takes the answer if it asks the same, and asks itself otherwise.
   Told on #map: voyette:layer-start {} sets detail.viewParams, how the layer's URL names a view (layer.js's, so that
   the two cannot differ), and detail.first(url, signal): the answer already asked for that URL (ok, headers and
   json() as a fetch Response has them), once, or null. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;
  var cfg = JSON.parse(el.dataset.config);

  /* A view [west, south, east, north] at a zoom, as the layer's query: a quarter more each side, so that the items
     just beyond are there when the map moves a little, and the zoom the server counts clusters at. */
  function viewParams(params, view, zoom) {
    var dx = Math.abs(view[2] - view[0]) * 0.25, dy = Math.abs(view[3] - view[1]) * 0.25;
    params.set("bbox", [view[0] - dx, view[1] - dy, view[2] + dx, view[3] + dy].map(function (v) { return v.toFixed(5); }).join(","));
    params.set("zoom", String(Math.round(zoom)));  // clusters are counted on a grid of screen pixels at this zoom
    return params;
  }

  /* The view of a new Leaflet map of el's size set to `center` ([lon, lat]) and `zoom`: Web Mercator (EPSG:3857)
     in 256-pixel tiles, its top left corner rounded to a pixel, as Leaflet's setView and getBounds work it out. */
  function openingView(center, zoom) {
    var R = 6378137, k = 0.5 / (Math.PI * R), scale = 256 * Math.pow(2, zoom), d = Math.PI / 180, max = 85.0511287798;
    var sin = Math.sin(Math.max(Math.min(max, center[1]), -max) * d);
    var x = scale * (k * (R * center[0] * d) + 0.5), y = scale * (-k * (R * Math.log((1 + sin) / (1 - sin)) / 2) + 0.5);
    var left = Math.round(x - el.clientWidth / 2), top = Math.round(y - el.clientHeight / 2);
    function lon(px) { return ((px / scale - 0.5) / k) * (180 / Math.PI) / R; }
    function lat(py) { return (2 * Math.atan(Math.exp(((py / scale - 0.5) / -k) / R)) - (Math.PI / 2)) * (180 / Math.PI); }
    return [lon(left), lat(top + el.clientHeight), lon(left + el.clientWidth), lat(top)];
  }

  // The map at a date (cfg.whole) is asked whole, once: no view.
  var params = cfg.whole ? new URLSearchParams() : viewParams(new URLSearchParams(), openingView(cfg.center, cfg.zoom), cfg.zoom);
  if (cfg.categories) params.set("categories", cfg.categories.join(","));  // an embed of some categories only
  var url = cfg.layerUrl + "?" + params;
  var early = new AbortController();
  // Read as soon as it comes, while the page's other scripts are still loading: layer.js is given it parsed (a
  // 10,000-item answer takes a tenth of a second to parse, longer than Leaflet to set up).
  var answer = fetch(url, { signal: early.signal, headers: { Accept: "application/geo+json" } }).then(function (response) {
    var parsed = response.json();
    parsed.catch(function () { /* told to layer.js when it reads it */ });
    return { ok: response.ok, headers: response.headers, json: function () { return parsed; } };
  });
  answer.catch(function () { /* told to layer.js when it takes the answer; aborted when it asks otherwise */ });

  el.addEventListener("voyette:layer-start", function (event) {
    event.detail.viewParams = viewParams;
    event.detail.first = function (asked, signal) {
      var kept = answer;
      answer = null;
      if (!kept) return null;
      if (asked !== url) { early.abort(); return null; }
      signal.addEventListener("abort", function () { early.abort(); });
      return kept;
    };
  });
})();
