// Material's search box is a role="dialog" element without an accessible name (axe and
// Lighthouse rule aria-dialog-name). Naming it here avoids copying the theme's template.
document.querySelectorAll('.md-search[role="dialog"]').forEach(function (el) {
  el.setAttribute("aria-label", "Search this site");
});
