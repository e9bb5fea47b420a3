/* The map page's panel: on a tablet a bottom sheet that « Réduire » folds so that the map has the screen, and that
   unfolds whenever something opens in it; focus goes to what opened; « Fermer » empties it and goes back to the
   map's address. Its root is the sheet's toggle, data-sheet. */
(function () {
  "use strict";
  function fold(toggle, folded) {
    var panel = document.getElementById(toggle.getAttribute("aria-controls"));
    if (panel.classList.contains("collapsed") === folded) return;
    panel.classList.toggle("collapsed", folded);
    toggle.setAttribute("aria-expanded", String(!folded));
    toggle.textContent = folded ? toggle.dataset.expand : toggle.dataset.collapse;
  }

  /* Keyboard and screen-reader users land on what just opened, not back at the top of the page. */
  function opened(detail) {
    var toggle = document.querySelector("[data-sheet]"), heading = detail.querySelector("h2");
    if (toggle && detail.children.length) fold(toggle, false);
    if (!heading || detail.contains(document.activeElement)) return;
    heading.tabIndex = -1;
    heading.focus();
  }

  /* What the map shows of the panel (highlight, a shape being drawn) follows it out: emptied through htmx. */
  function close() {
    htmx.swap(document.getElementById("detail"), "", { swapStyle: "innerHTML" });
    var home = JSON.parse(document.getElementById("map").dataset.config).mapUrl;
    if (location.pathname !== home) history.pushState({}, "", home);
  }

  function init(root) {
    root.querySelectorAll("[data-sheet]").forEach(function (toggle) {
      if (toggle.dataset.sheetReady) return;
      toggle.dataset.sheetReady = "true";
      toggle.addEventListener("click", function () { fold(toggle, toggle.getAttribute("aria-expanded") === "true"); });
    });
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  document.addEventListener("htmx:afterSettle", function (event) { if (event.target.id === "detail") opened(event.target); });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-close]")) { event.preventDefault(); close(); }
  });
  init(document);
  var detail = document.getElementById("detail");
  if (detail) opened(detail);
})();
