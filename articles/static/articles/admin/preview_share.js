/* The copy button of the preview share link: shown only where scripts run (the field can still be
   selected and copied by hand), it copies the link and says so for a moment. */
(function () {
  "use strict";
  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(field.value);
    field.select();
    document.execCommand("copy");
    return Promise.resolve();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      const field = document.getElementById(button.dataset.copyTarget);
      if (!field) return;
      const label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(field).then(function () {
          button.textContent = button.dataset.copiedLabel;
          window.setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  });
})();
