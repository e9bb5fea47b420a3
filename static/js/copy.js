/* « Copier » beside each answer of « Réponses pour Démarche Numérique »: the answer's text to the clipboard, and a
   French word in the button's status saying it is done (or, where the browser refuses, to copy it by hand, the text
   selected for that). */
(function () {
  "use strict";
  var script = document.currentScript;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copied");
    function say(text) { if (status) status.textContent = text; }
    function byHand() { field.focus(); field.select(); say(script.getAttribute("data-failed")); }
    if (!navigator.clipboard || !navigator.clipboard.writeText) { byHand(); return; }
    navigator.clipboard.writeText(field.value).then(function () {
      say(script.getAttribute("data-copied"));
    }, byHand);
  });
})();
