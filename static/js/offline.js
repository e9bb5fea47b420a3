/* Working without signal, on every page: the service worker (sw.js) that keeps pages and assets. What a
   member changes offline waits in the outbox (outbox.js, loaded on the map page of those who may add).
   An island that only a panel needs (« Préparer hors ligne »'s prepare.js, « Imprimer »'s print_preview.js) is
   named by that panel in data-script: htmx runs no script element it swaps in (allowScriptTags is off in base.html,
   so that one slipped into a page never runs), so it is added here, once; it then wires its panels itself.
   A background poll (data-poll) waits while the page is hidden or offline: htmx's own trigger filters would need
   eval, which the Content-Security-Policy forbids. */
(function () {
  "use strict";
  var script = document.currentScript, added = new Set();
  // A page in another site's frame (a public map embedded, /cartes/N/integrer) registers no worker: it is read, not
  // worked on offline, and a worker of a third site's frame would keep the whole shell for each site that embeds it,
  // where the browser allows it at all (one that keeps no third-party storage refuses the worker, or throws).
  var framed = window.self !== window.top;
  if (!framed && "serviceWorker" in navigator) {
    // On a first visit the page loaded before the worker existed: once it takes over, it keeps this page too.
    if (!navigator.serviceWorker.controller) {
      navigator.serviceWorker.addEventListener("controllerchange", function () {
        fetch(location.href, { credentials: "same-origin" }).catch(function () {});
      }, { once: true });
    }
    navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).catch(function () {});
  }
  document.addEventListener("htmx:load", function (event) {
    var root = event.target, panels = Array.from(root.querySelectorAll("[data-script]"));
    if (root.matches("[data-script]")) panels.push(root);
    panels.forEach(function (panel) {
      if (added.has(panel.dataset.script)) return;
      added.add(panel.dataset.script);
      var island = document.createElement("script");
      island.src = panel.dataset.script;
      document.head.appendChild(island);
    });
  });
  document.addEventListener("htmx:confirm", function (event) {
    if (event.target.matches("[data-poll]") && (document.visibilityState !== "visible" || !navigator.onLine)) event.preventDefault();
  });
})();
