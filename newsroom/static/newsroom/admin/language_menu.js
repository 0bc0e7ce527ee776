/* The admin's language menu switches as soon as an editor picks a language.
   A file rather than an onchange attribute: the Content-Security-Policy runs no inline script.
   Without JavaScript the menu has its own submit button (in <noscript>). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.id === "admin-language-select") event.target.form.submit();
  });
})();
