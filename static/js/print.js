/* « Imprimer » on the printable pages (walk report, planning): the browser's own print, A4 by the print styles. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
