/* Working without signal, on every page: the service worker (sw.js) that keeps pages and assets. What a
   member changes offline waits in the outbox (outbox.js, loaded on the map page of those who may add).
   « Préparer hors ligne » names its island (prepare.js) in data-script: htmx runs no script element it swaps
   in (allowScriptTags is off in base.html, so that one slipped into a page never runs), so it is added here. */
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator) {
    // On a first visit the page loaded before the worker existed: once it takes over, it keeps this page too.
    if (!navigator.serviceWorker.controller) {
      navigator.serviceWorker.addEventListener("controllerchange", function () {
        fetch(location.href, { credentials: "same-origin" }).catch(function () {});
      }, { once: true });
    }
    navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).catch(function () {});
  }
  document.addEventListener("htmx:load", function (event) {
    var root = event.target, cards = Array.from(root.querySelectorAll("[data-prepare][data-script]"));
    if (root.matches("[data-prepare][data-script]")) cards.push(root);
    cards.forEach(function (card) {
      var island = document.createElement("script");
      island.src = card.dataset.script;  // run again, it describes the new panel (prepare.js)
      document.head.appendChild(island);
    });
  });
})();
