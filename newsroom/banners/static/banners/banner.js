/* Reader-support banner: with JavaScript, the close button hides the appeal in place.
   The form still posts to the server, which sets the dismissal cookie (for both
   editions); only the page reload is saved. If the request fails, the form is
   submitted the ordinary way, exactly as without JavaScript. */
(function () {
  "use strict";
  if (window.newsroomSupportBanner) return;  // one listener, however many times the script is included
  window.newsroomSupportBanner = true;

  function closeInPlace(banner) {
    // The appeal gives way to a short confirmation in the same box, held at
    // its height: nothing on the page moves, not even when the reader has
    // scrolled to the very end (a shorter page would pull everything down).
    // Focus moves to the confirmation, since the pressed button is gone, and
    // it is read out as a status message. The box is gone on the next page.
    var status = document.createElement("p");
    status.className = "support-banner__closed";
    status.setAttribute("role", "status");
    status.tabIndex = -1;
    status.textContent = banner.getAttribute("data-closed-message") || "";
    banner.style.minBlockSize = banner.getBoundingClientRect().height + "px";
    banner.classList.add("support-banner--closed");
    banner.replaceChildren(status);
    status.focus({ preventScroll: true });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches(".support-banner__close")) return;
    var banner = form.closest("[data-support-banner]");
    if (!banner || !window.fetch) return;
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (!response.ok) throw new Error("dismissal refused: " + response.status);
      closeInPlace(banner);
    }).catch(function () {
      form.submit();
    });
  });
})();
