/* A table that scrolls inside itself (app.css) must be reachable by keyboard to scroll it
   (WCAG 2.1.1; axe "scrollable-region-focusable"): one without a link or field of its own
   gets a place in the tab order. Without this script the table still scrolls by mouse/touch. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table").forEach(function (table) {
    if (!table.querySelector("a[href], button, input, select, textarea, [tabindex]")) {
      table.tabIndex = 0;
    }
  });
});
