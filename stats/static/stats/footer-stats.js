// Fills the footer's visit statistics from a small JSON endpoint, so pages
// served from a cache still show current figures (docs/stats.md).
(function () {
  "use strict";
  var box = document.getElementById("site-stats");
  if (!box || !window.fetch) {
    return;
  }
  var format = new Intl.NumberFormat(document.documentElement.lang || "vi");
  fetch(box.getAttribute("data-url"), { credentials: "omit" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (figures) {
      box.querySelectorAll("[data-stat]").forEach(function (cell) {
        var value = figures[cell.getAttribute("data-stat")];
        if (typeof value === "number") {
          cell.textContent = format.format(value);
        }
      });
    })
    .catch(function () {
      // The dashes stay: the figures are a courtesy, never worth an error.
    });
})();
