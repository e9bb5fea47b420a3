/* What the page shows of the outbox (outbox.js's outbox-changed events, every entry kept for this map): the counter
   in the panel, and each waiting shape drawn dashed on the map with its title. */
(function () {
  "use strict";
  document.addEventListener("outbox-changed", function (event) {
    var all = event.detail, counter = document.getElementById("outbox"), map = document.getElementById("map");
    if (!counter) return;
    var refused = all.filter(function (e) { return e.state === "refused"; }).length;
    counter.hidden = !all.length && navigator.onLine;
    counter.querySelector("[data-offline]").hidden = navigator.onLine;
    counter.querySelector("[data-count]").textContent = all.length ? counter.dataset[all.length > 1 ? "many" : "one"].replace("N", all.length) : "";
    counter.querySelector("[data-refused]").hidden = !refused;
    counter.dataset.waiting = String(all.length);
    if (!map) return;
    var waitingShape = JSON.parse(counter.dataset.messages).waitingShape;
    var shapes = all.filter(function (entry) { return entry.geometry; }).map(function (entry) {
      return { type: "Feature", geometry: JSON.parse(entry.geometry),
               properties: { tooltip: waitingShape.replace("T", function () { return entry.label; }) } };
    });
    map.dispatchEvent(new CustomEvent("voyette:overlay", { detail: { name: "outbox",
      geojson: shapes.length ? { type: "FeatureCollection", features: shapes } : null,
      style: { color: "#d9480f", weight: 3, dashArray: "6,6", fillOpacity: 0.15 },
      point: { radius: 11, dashArray: "4,4", fillColor: "#fff", fillOpacity: 0.9 } } }));
  });
})();
