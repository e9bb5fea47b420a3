/* Working without signal, on every page: the service worker (sw.js) that keeps pages and assets. What a
   member changes offline waits in the outbox (outbox.js, loaded on the map page of those who may add). */
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
})();
