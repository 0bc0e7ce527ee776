/* The copy-link button under a story: shown only where the browser can copy, says what happened. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return; // the button stays hidden: the address bar is the way to copy
  }
  document.querySelectorAll("[data-share-copy]").forEach(function (button) {
    var status = button.closest(".share").querySelector("[data-share-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.shareCopy).then(
        function () { status.textContent = button.dataset.shareCopied; },
        function () { status.textContent = button.dataset.shareFailed; }
      );
    });
  });
})();
