/* Up/down buttons on the pinned related articles: move a row and renumber the
   position fields in the order shown, so editors need not type numbers. */
(function () {
  "use strict";

  function rows(group) {
    return Array.from(group.querySelectorAll("tr.form-row:not(.empty-form)"));
  }

  function renumber(group) {
    let position = 1;
    rows(group).forEach(function (row) {
      const input = row.querySelector("input[name$='-position']");
      const target = row.querySelector("select[name$='-target']");
      if (input && target && target.value) input.value = position++;
    });
  }

  function addButtons(group, row) {
    const cell = row.querySelector("td.field-position");
    const input = cell && cell.querySelector("input");
    if (!input || cell.querySelector(".related-move")) return;
    [["↑", -1, input.dataset.moveUp], ["↓", 1, input.dataset.moveDown]].forEach(function ([label, step, title]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button related-move";
      button.textContent = label;
      button.title = title || "";
      button.setAttribute("aria-label", title || label);
      button.addEventListener("click", function () {
        const all = rows(group);
        const index = all.indexOf(row);
        const other = all[index + step];
        if (!other) return;
        if (step < 0) other.before(row); else other.after(row);
        renumber(group);
      });
      cell.appendChild(button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const group = document.getElementById("related_pins-group");
    if (!group) return;
    rows(group).forEach(function (row) { addButtons(group, row); });
    document.addEventListener("formset:added", function (event) {
      if (event.target.closest("#related_pins-group")) addButtons(group, event.target);
    });
  });
})();
