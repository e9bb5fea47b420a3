/* « Voir sur la carte » on an action: the map shows only the items it concerns, fitted to them, and the bar over the
   map names the action until « Tout afficher » brings everything back (map.js answers voyette:filter). Its roots are
   the bar, data-action-filter, and the actions' buttons, data-show-action; each is wired once. */
(function () {
  "use strict";
  function show(bar, id, label) {
    bar.hidden = !id;
    bar.querySelector("[data-filter-label]").textContent = label || "";
    document.getElementById("map").dispatchEvent(new CustomEvent("voyette:filter", { detail: { action: id } }));
  }

  function init(root) {
    var bar = document.querySelector("[data-action-filter]");
    if (!bar) return;
    root.querySelectorAll("[data-action-filter] [data-filter-clear], [data-show-action]").forEach(function (button) {
      if (button.dataset.filterReady) return;
      button.dataset.filterReady = "true";
      button.addEventListener("click", function () { show(bar, button.dataset.showAction || null, button.dataset.label); });
    });
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  init(document);
})();
