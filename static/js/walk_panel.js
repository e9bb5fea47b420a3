/* What the page shows of the walk recorded on this tablet (walk.js's walk-recorded events): in its panel, the
   distance, the positions, the GPS's or the network's state, whether the screen stays awake, the last break; while the panel shows something else, a link back
   to it; every item added meanwhile is linked to it. A running walk recorded elsewhere offers to record it here. */
(function () {
  "use strict";
  var statusLink = null;

  function counters(panel, metres, count) {
    var distance = Math.round(metres);
    panel.querySelector("[data-walk-distance]").textContent = distance >= 1000
      ? (distance / 1000).toLocaleString("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " km"
      : distance.toLocaleString("fr-FR") + " m";
    panel.querySelector("[data-walk-positions]").textContent = count.toLocaleString("fr-FR");
  }

  function say(line, text) {
    line.textContent = text || "";
    line.hidden = !text;
  }

  function showStatusLink(walk) {
    if (!walk) { if (statusLink) statusLink.hidden = true; return; }
    if (!statusLink) {
      statusLink = document.createElement("a");
      statusLink.className = "walk-status";
      statusLink.setAttribute("hx-target", "#detail");
      document.getElementById("detail").before(statusLink);
    }
    statusLink.href = walk.walkUrl;
    statusLink.setAttribute("hx-get", walk.walkUrl);
    statusLink.textContent = walk.status;
    statusLink.hidden = false;
    htmx.process(statusLink);
  }

  document.addEventListener("walk-recorded", function (event) {
    var recorded = event.detail, walk = recorded && recorded.walk, detail = document.getElementById("detail");
    var running = detail.querySelector("[data-walk-running]");
    var ours = running && walk && Number(running.dataset.walkRunning) === walk.id ? running : null;
    if (running) running.querySelector("[data-walk-record]").hidden = Boolean(walk);
    if (ours) {
      ours.querySelector("[data-walk-gps]").textContent = recorded.line;
      say(ours.querySelector("[data-walk-screen]"), recorded.screen);
      say(ours.querySelector("[data-walk-slept]"), recorded.slept);
      counters(ours, recorded.metres, walk.positions.length);
    }
    showStatusLink(ours ? null : walk);
    if (walk) detail.querySelectorAll("input[name=walk]").forEach(function (input) {
      if (!input.value) input.value = String(walk.id);
    });
  });
})();
