/* What the page shows of the outbox (outbox.js's outbox-changed events, every entry kept for this map): the counter
   in the panel, the list of changes the server did not take (a conflict, a refusal: each a button that opens it in
   the panel, outbox_review.js), and each waiting shape drawn dashed on the map with its title. */
(function () {
  "use strict";

  function counted(counter, name, count) {  // data-one / data-many, data-conflict-one / data-conflict-many…
    var key = count > 1 ? "many" : "one";
    return count ? counter.dataset[name ? name + key[0].toUpperCase() + key.slice(1) : key].replace("N", count) : "";
  }

  /* One button per entry to review, its title as text: the person opens them one at a time. */
  function showToReview(counter, all) {
    var conflicts = all.filter(function (e) { return e.state === "conflict"; });
    var refused = all.filter(function (e) { return e.state === "refused"; });
    var summary = counter.querySelector("[data-to-review]"), list = counter.querySelector("[data-review-list]");
    summary.textContent = [counted(counter, "conflict", conflicts.length), counted(counter, "refused", refused.length)]
      .filter(Boolean).join(" · ");
    summary.hidden = !summary.textContent;
    list.replaceChildren.apply(list, conflicts.concat(refused).map(function (entry) {
      var item = document.createElement("li"), button = document.createElement("button");
      button.type = "button";
      button.dataset.review = String(entry.id);
      button.textContent = entry.label;
      item.appendChild(button);
      return item;
    }));
    list.hidden = !list.children.length;
  }

  function drawWaiting(counter, all) {
    var map = document.getElementById("map");
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
  }

  document.addEventListener("outbox-changed", function (event) {
    var all = event.detail, counter = document.getElementById("outbox");
    if (!counter) return;
    var waiting = all.filter(function (e) { return e.state === "waiting" || e.state === "signin"; });
    counter.hidden = !all.length && navigator.onLine;
    counter.querySelector("[data-offline]").hidden = navigator.onLine;
    counter.querySelector("[data-count]").textContent = counted(counter, "", waiting.length);
    counter.dataset.waiting = String(waiting.length);
    counter.querySelector("[data-sign-in]").hidden = !all.some(function (e) { return e.state === "signin"; });
    showToReview(counter, all);
    drawWaiting(counter, waiting);
  });
})();
