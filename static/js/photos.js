/* Photos in the panel: a tapped thumbnail opens the photo over the page. Choosing one to add is photo_shrink.js's. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.matches && target.matches("dialog.photo-viewer")) { target.close(); return; }  // a tap beside the photo
    var link = target.closest && target.closest("a[data-photo-full]"), section = link && link.closest(".photos");
    var dialog = section && section.querySelector("dialog.photo-viewer");
    if (!dialog || !dialog.showModal) return;  // the link opens the photo on its own
    event.preventDefault();
    var image = dialog.querySelector("img");
    image.src = link.href;
    image.alt = link.querySelector("img").alt;
    dialog.showModal();
  });
})();
