/* The colour-scheme switch, applied in place. The form still posts to the server,
   which sets the cookie every later page is rendered with; only the reload is saved.
   If the request fails, the form is submitted the ordinary way. */
(function () {
  "use strict";

  function apply(form, theme) {
    var root = document.documentElement;
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
    form.querySelectorAll("button[name=theme]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.value === theme));
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches(".theme-switch") || !window.fetch || !event.submitter) return;
    event.preventDefault();
    var theme = event.submitter.value;
    var body = new FormData(form);
    body.set("theme", theme);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (!response.ok) throw new Error("theme refused: " + response.status);
      apply(form, theme);
    }).catch(function () {
      form.submit();
    });
  });
})();
