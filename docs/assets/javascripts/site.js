// Material's search box is a role="dialog" element without an accessible name (axe and
// Lighthouse rule aria-dialog-name). Naming it here avoids copying the theme's template.
document.querySelectorAll('.md-search[role="dialog"]').forEach(function (el) {
  el.setAttribute("aria-label", "Search this site");
});

// The review clock: the frame hook writes each page's "next review due" date into a hidden
// notice; it is shown once the reader's own date (not the build's) passes it, so a saved or
// downloaded copy says when it has aged.
(function () {
  var d = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  document.querySelectorAll("[data-review-due]").forEach(function (el) {
    if (today > el.getAttribute("data-review-due")) el.hidden = false;
  });
})();
