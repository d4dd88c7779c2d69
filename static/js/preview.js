/* The waiting page of a besluit preview (templates/decisions/preview.html) looks again by
   itself. Without this script a <noscript> refresh reloads the whole page every few seconds;
   with it, the page is fetched in the background and only the state is put in when it changes,
   inside the same role="status" region, so a screen reader hears "klaar" and focus stays put. */
document.addEventListener("DOMContentLoaded", function () {
  var state = document.getElementById("preview-state");
  if (!state || state.dataset.previewStatus !== "pending" || !window.fetch) {
    return;
  }
  var delay = (Number(state.dataset.refreshS) || 2) * 1000;
  var tries = 0;

  function later() {
    tries += 1;
    if (tries <= 300) {  // ten minutes at most; the link on the page still works after that
      window.setTimeout(look, delay);
    }
  }

  function look() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html")
          .getElementById("preview-state");
        if (!fresh) {
          window.location.reload();
        } else if (fresh.dataset.previewStatus === "pending") {
          later();
        } else {
          state.dataset.previewStatus = fresh.dataset.previewStatus;
          state.innerHTML = fresh.innerHTML;
        }
      })
      .catch(later);
  }

  later();
});
