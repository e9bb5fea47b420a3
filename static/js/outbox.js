/* The outbox, on the map page of a member who may add. A change the network cannot take now (a form marked
   data-outbox, sent while offline or failing to reach the server) is kept in IndexedDB (drawn on the map as
   waiting and counted in the panel by outbox_view.js), and sent in order once the signal is back. Each form carries what makes it
   safe to send twice (a uuid for what it creates, the version for what it changes), so a change whose answer
   was lost and that is sent again is not applied twice. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!window.indexedDB) return;

  var RETRY_EVERY = 20000;
  var SIGN_IN_AGAIN = [401, 403, 419];  // the session ended (a browser restart, a logout elsewhere): not a refusal
  var database = null, waiting = 0, flushing = false, messages = {};

  /* --- IndexedDB: one store of entries {id, mapUrl, url, label, fields, geometry, state, answer} --- */
  function open() {
    if (database) return database;
    database = new Promise(function (resolve, reject) {
      var request = indexedDB.open("voyette", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("outbox", { keyPath: "id", autoIncrement: true }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return database;
  }
  function store(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("outbox", mode), result = work(tx.objectStore("outbox"));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function entries() {
    return store("readonly", function (outbox) { return outbox.getAll(); }).then(function (all) {
      return all.filter(function (entry) { return entry.mapUrl === mapUrl(); });
    });
  }
  /* What is sent by the next flush: waiting for the network, or for the person to sign in again. */
  function sendable(entry) { return entry.state === "waiting" || entry.state === "signin"; }
  function put(entry) { return store("readwrite", function (outbox) { return outbox.put(entry); }); }
  function remove(id) { return store("readwrite", function (outbox) { outbox.delete(id); }); }

  function mapUrl() { var el = document.getElementById("map"); return el ? JSON.parse(el.dataset.config).mapUrl : null; }

  /* --- Keeping a form --- */
  function fieldsOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) { fields.push([name, value]); });
    return fields;
  }
  function valueOf(fields, name) {
    var found = fields.filter(function (field) { return field[0] === name; })[0];
    return found ? found[1] : "";
  }

  /* What cannot wait for the server: a change with no title would be refused once sent, far from here. */
  function checkBeforeKeeping(form) {
    var title = form.querySelector("input[name=title]");
    if (title && !title.value.trim()) { title.setCustomValidity(messages.title); title.reportValidity(); title.setCustomValidity(""); return false; }
    var geometry = form.querySelector("input[name=geometry]");
    if (!geometry || geometry.value || form.querySelector("input[name=version]")) return true;
    var place = form.querySelector("input[name=place_at_photo]");
    if (place && place.checked) {
      // « Photo » with no photo that says where: told beside the file field, as the server would (photo_shrink.js).
      var photo = form.querySelector("input[name=photo]");
      var message = photo && photo.files.length ? place.dataset.noPlace : place.dataset.noPhoto;
      form.dispatchEvent(new CustomEvent("upload-refused", { bubbles: true, detail: { message: message } }));
      return false;
    }
    geometry.setCustomValidity(messages.shape); geometry.reportValidity(); geometry.setCustomValidity("");
    return false;
  }

  function keep(form) {
    var fields = fieldsOf(form), url = form.getAttribute("hx-post") || form.action;
    var entry = { mapUrl: mapUrl(), url: url, label: valueOf(fields, "title") || form.dataset.outbox,
                  fields: fields, geometry: valueOf(fields, "geometry") || null, state: "waiting", kept: Date.now() };
    return entries().then(function (all) {
      // A second change of the same feature replaces the first, keeping the version it was based on,
      // so that the server sees one change and not a conflict with itself.
      var earlier = all.filter(function (e) { return e.url === url && sendable(e) && valueOf(e.fields, "version"); })[0];
      if (form.dataset.outboxEntry) entry.id = Number(form.dataset.outboxEntry);  // the same change, chosen again
      else if (earlier && valueOf(fields, "version")) {
        entry.id = earlier.id;
        entry.fields = fields.map(function (f) { return f[0] === "version" ? ["version", valueOf(earlier.fields, "version")] : f; });
      }
      return put(entry);
    }).then(function () { showKept(entry.label); return refresh(); });
  }

  function showKept(label) {
    var detail = document.getElementById("detail"), template = document.getElementById("outbox-kept");
    if (!detail || !template) return;
    var card = template.content.cloneNode(true);
    card.querySelector("[data-label]").textContent = label;
    var holder = document.createElement("div");
    holder.appendChild(card);
    htmx.swap(detail, holder.innerHTML, { swapStyle: "innerHTML" });
  }

  /* What the page shows of it (outbox_view.js): the counter and the waiting shapes. */
  function refresh() {
    return entries().then(function (all) {
      waiting = all.filter(sendable).length;
      document.dispatchEvent(new CustomEvent("outbox-changed", { detail: all }));
    });
  }

  /* --- Sending, in order, once --- */
  function freshToken() {
    return fetch(script.dataset.token, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        // This page was a signed-in person's, and the session ended since: nothing is sent until they sign in again.
        if (document.getElementById("outbox").dataset.signedIn === "true" && !data.signed_in) return null;
        return data.csrf_token;
      });
  }

  function send(entry, token) {
    var body = new FormData();
    entry.fields.forEach(function (field) {
      var value = field[0] === "csrf_token" ? token : field[1];
      // A file keeps its name; an empty file field (no name) stays empty, as the browser would have sent it.
      if (value instanceof Blob) body.append(field[0], value, value.name || ""); else body.append(field[0], value);
    });
    return fetch(entry.url, { method: "POST", body: body, credentials: "same-origin",
                              headers: { "HX-Request": "true", "X-CSRFToken": token } });
  }

  /* One flush at a time on this device: every tab of the map shares the outbox, and each flushes when the signal
     comes back. Under the lock, a tab reads what waits only once the other has sent it, so nothing goes twice. A
     browser without the Web Locks API has only this tab's own guard. */
  function exclusively(work) {
    return navigator.locks ? navigator.locks.request("voyette-outbox", work) : work();
  }

  function flush() {
    if (flushing || !navigator.onLine || !mapUrl()) return Promise.resolve();
    flushing = true;
    return exclusively(function () {
      return entries().then(function (all) {
        var queue = all.filter(sendable);
        if (!queue.length) return finished(0);
        return freshToken().then(function (token) { return token ? next(queue, token, 0) : signInFirst(queue); });
      });
    }).catch(function () { /* still no signal: the next try will do */ })
      .then(function () { flushing = false; return refresh(); });
  }

  function next(queue, token, sent) {
    var entry = queue.shift();
    if (!entry) return finished(sent);
    return send(entry, token).then(function (response) {
      if (response.ok) return remove(entry.id).then(function () { return next(queue, token, sent + 1); });
      return response.text().then(function (answer) {
        if (response.status >= 500) return finished(sent);  // the server is struggling: try again later
        if (SIGN_IN_AGAIN.indexOf(response.status) >= 0) {  // kept as it is, and sent again once signed in
          entry.state = "signin";
          return put(entry).then(function () { return finished(sent); });
        }
        // Someone changed it meanwhile (409), or the server refused it: kept, with the server's answer, until the
        // person has chosen (outbox_review.js); the next ones go on.
        entry.state = response.status === 409 ? "conflict" : "refused"; entry.answer = answer;
        return put(entry).then(function () { return next(queue, token, sent); });
      });
    });
  }

  function signInFirst(queue) {
    return Promise.all(queue.map(function (entry) { entry.state = "signin"; return put(entry); }));
  }

  function finished(sent) {
    if (sent) htmx.trigger(document.body, "features-changed");
    document.dispatchEvent(new CustomEvent("outbox-sent", { detail: sent }));
  }

  /* The person chose for an entry (outbox_review.js): kept mine and saved it, kept theirs, or gave it up. */
  document.addEventListener("outbox-resolved", function (event) { remove(event.detail).then(refresh); });

  /* --- Hooks into htmx --- */
  function outboxForm(event) {
    var elt = event.detail.elt;
    var form = elt && (elt.tagName === "FORM" ? elt : elt.closest && elt.closest("form"));
    return form && form.hasAttribute("data-outbox") ? form : null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = outboxForm(event);
    if (!form || event.detail.requestConfig.verb !== "post") return;
    if (navigator.onLine && !waiting) return;  // online with nothing waiting: straight to the server
    event.preventDefault();
    if (checkBeforeKeeping(form)) keep(form).then(flush);
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = outboxForm(event);
    if (form && checkBeforeKeeping(form)) keep(form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var counter = document.getElementById("outbox");
    if (!counter) return;
    messages = JSON.parse(counter.dataset.messages);
    window.addEventListener("online", flush);
    window.addEventListener("offline", refresh);
    setInterval(function () { if (waiting) flush(); }, RETRY_EVERY);
    refresh().then(flush);
  });
})();
