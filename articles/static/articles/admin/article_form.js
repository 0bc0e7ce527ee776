/* Keep the article form's text fields in the article's writing direction:
   switching the language select to Arabic turns them right-to-left at once,
   the rich-text editor included. */
(function () {
  "use strict";
  const FIELDS = ["title", "slug", "summary", "body", "image_caption", "image_credit"];
  const RTL_LANGUAGES = ["ar", "fa", "he", "ur"];

  function applyDirection(language) {
    const dir = RTL_LANGUAGES.includes(language) ? "rtl" : "ltr";
    FIELDS.forEach(function (name) {
      const row = document.querySelector(".field-" + name);
      if (row) {
        row.querySelectorAll("input, textarea, .prose-editor, [contenteditable]").forEach(function (el) {
          el.setAttribute("dir", dir);
          el.setAttribute("lang", language);
        });
      }
    });
  }

  function currentLanguage() {
    const select = document.getElementById("id_language");
    return select ? select.value : null;
  }

  // The rich-text editor builds its DOM when its own script is ready, before or
  // after this page is loaded; it announces itself, and gets the direction then.
  document.addEventListener("prose-editor:ready", function () {
    if (currentLanguage()) applyDirection(currentLanguage());
  });

  document.addEventListener("DOMContentLoaded", function () {
    const select = document.getElementById("id_language");
    if (!select) return;
    select.addEventListener("change", function () { applyDirection(select.value); });
    applyDirection(select.value);
  });
})();
