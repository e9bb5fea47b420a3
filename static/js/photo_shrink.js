/* A photo chosen on a tablet, in an item's « Photos » or in the new item's form, is made smaller before it is sent
   (at most the side the server keeps), so that it goes up quickly on a weak signal and never past the request limit.
   Its header is read first (photo_header.js): a photo of more pixels than the server takes is refused here, before
   the browser decodes it; its capture date and place, which the smaller copy no longer carries, go in the form's
   photo_taken, photo_lon and photo_lat fields (the server believes them only when plausible), and the form is told
   (`photo-read`, with the header: draw.js places « Photo »'s point from it). A photo whose size the
   header does not tell, or that the browser cannot read, goes as it is, and the server decides. A refusal (here, or
   the server's 413, which htmx then does not swap: app/errors.py, or the outbox offline) is shown beside the file
   field, the form kept.
   The limits come from the map's config (app/panel.py, from app/photos/images.py). Loaded for those who may add. */
(function () {
  "use strict";
  var QUALITY = 0.85;
  var INPUT = "form[data-photo-form] input[type=file]";

  function limits() {
    var el = document.getElementById("map");
    return el ? JSON.parse(el.dataset.config).photo : null;
  }

  function canShrink() {
    return window.createImageBitmap && window.DataTransfer && HTMLCanvasElement.prototype.toBlob;
  }

  /* The message beside the file field (the same place as the server's), or none. */
  function say(input, message) {
    var id = input.id + "-error", shown = document.getElementById(id), field = input.closest(".field");
    if (!message) {
      if (shown) shown.remove();
      input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby");
      if (field) field.classList.remove("has-error");
      return;
    }
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "error"; shown.id = id; shown.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", shown);
    }
    shown.textContent = message;
    input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", id);
    if (field) field.classList.add("has-error");
  }

  /* What the original says of itself, in the form's fields for it (those the form has). */
  function keepDetails(form, header) {
    var values = { photo_taken: header.taken, photo_lon: header.lon, photo_lat: header.lat };
    Object.keys(values).forEach(function (name) {
      var field = form.querySelector("input[name=" + name + "]");
      if (field) field.value = values[name] === undefined ? "" : String(values[name]);
    });
  }

  /* The chosen file replaced by a JPEG of at most `side` pixels when it is larger; any failure keeps the original. */
  function shrink(input, file, side) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = side / Math.max(bitmap.width, bitmap.height);
      if (scale >= 1) { bitmap.close(); return null; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff";  // a transparent PNG on white, as the server does
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); });
    }).then(function (blob) {
      if (!blob || input.files[0] !== file) return;  // small enough, or another file chosen meanwhile
      var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
      var transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified }));
      input.files = transfer.files;
    }).catch(function () { /* not an image the browser reads, or no memory: the server decides */ });
  }

  function prepare(input) {
    var file = input.files && input.files[0], config = limits();
    say(input, null);
    keepDetails(input.form, {});
    var ask = { detail: { file: file } };
    if (file) document.dispatchEvent(new CustomEvent("voyette:photo-header", ask));
    if (!file || !config || !ask.detail.header) return Promise.resolve();
    return ask.detail.header.then(function (header) {
      if (input.files[0] !== file) return null;  // another file chosen meanwhile: its own change handles it
      if (header.width * header.height > config.maxPixels) {
        input.value = "";
        say(input, config.tooManyPixels);
        return null;
      }
      keepDetails(input.form, header);
      input.form.dispatchEvent(new CustomEvent("photo-read", { bubbles: true, detail: header }));
      var place = input.form.querySelector("input[name=place_at_photo]");
      if (place && place.checked && header.lon === undefined) say(input, place.dataset.noPlace);  // before, not once sent
      // Decoded only when the header told its size: a file that hides it is the server's to judge.
      return header.width && canShrink() ? shrink(input, file, config.maxSide) : null;
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(INPUT)) return;
    var form = input.form, button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;  // until the smaller file is in place
    form.setAttribute("aria-busy", "true");
    prepare(input).catch(function () { /* unreadable: the server decides */ }).then(function () {
      if (button) button.disabled = false;
      form.removeAttribute("aria-busy");
    });
  });

  /* The server refused the request before reading it (413): nothing was swapped, so what was typed is still here. */
  document.addEventListener("upload-refused", function (event) {
    var form = event.target.closest && event.target.closest("form");
    var input = form && form.querySelector("input[type=file]");
    if (input) say(input, event.detail.message);
  });
})();
