/* Forms that create something (an item, a photo) get a uuid when they appear, whether they came from the server or
   from this device's copy: sent twice (an answer lost, the outbox sending again), they create once. */
(function () {
  "use strict";
  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  document.addEventListener("htmx:load", function (event) {
    event.target.querySelectorAll("form input[name=uuid]").forEach(function (input) { if (!input.value) input.value = newUuid(); });
  });
})();
