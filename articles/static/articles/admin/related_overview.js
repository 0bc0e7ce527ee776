/* The related-articles buttons on the article form post the form to their own
   address, which reloads the page: warn before unsaved edits are lost. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("article_form");
    if (!form) return;
    let dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.querySelectorAll(".related-action").forEach(function (button) {
      button.addEventListener("click", function (event) {
        const message = document.getElementById("related-overview").dataset.unsavedMessage;
        if (dirty && !window.confirm(message)) event.preventDefault();
      });
    });
  });
})();
