/* A photo chosen on a tablet is made smaller before it is sent (at most 2048 px, what the server keeps anyway), so
   that it goes up quickly on a weak signal; if the browser cannot, the original is sent and the server shrinks it.
   The form's uuid, which makes the same photo sent twice be added once, is given by uuid.js. Loaded for those who
   may add. */
(function () {
  "use strict";
  var MAX_SIDE = 2048, QUALITY = 0.85;
  var FORM = "form[data-photo-form]";

  function canShrink() {
    return window.createImageBitmap && window.DataTransfer && HTMLCanvasElement.prototype.toBlob;
  }

  /* Replace the chosen file by a smaller JPEG when it is larger than MAX_SIDE; any failure keeps the original. */
  function shrink(input) {
    var file = input.files && input.files[0];
    if (!file || !canShrink()) return Promise.resolve();
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = MAX_SIDE / Math.max(bitmap.width, bitmap.height);
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

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(FORM + " input[type=file]")) return;
    var form = input.form, button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;  // until the smaller file is in place
    form.setAttribute("aria-busy", "true");
    shrink(input).then(function () {
      if (button) button.disabled = false;
      form.removeAttribute("aria-busy");
    });
  });
})();
