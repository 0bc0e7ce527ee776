/* The small part of jQuery UI's tabs widget that django-modeltranslation's
   tabbed fields use: `$(el).tabs({active: n})`, `$(el).tabs("option", "active", n)`
   and the "tabsactivate" event. modeltranslation loads jQuery UI from a CDN by
   default; the admin must work offline, so this file stands in for it
   (settings.MODELTRANSLATION_JQUERY_UI_URL). Tabs follow the ARIA tabs pattern. */
(function ($) {
  "use strict";

  function activate(container, index) {
    const tabs = container.children("ul").children("li");
    const panels = container.children("div");
    const previous = tabs.filter(".ui-tabs-active");
    if (index < 0 || index >= tabs.length) index = 0;
    tabs.each(function (i) {
      const on = i === index;
      $(this).toggleClass("ui-tabs-active ui-state-active", on)
        .children("a").attr({ "aria-selected": String(on), tabindex: on ? "0" : "-1" });
    });
    panels.each(function (i) { $(this).toggleClass("ui-tabs-hide", i !== index).prop("hidden", i !== index); });
    container.data("tabs-active", index);
    if (previous.length && previous.index() !== index) {
      container.trigger("tabsactivate", [{ newTab: tabs.eq(index), oldTab: previous, newPanel: panels.eq(index), oldPanel: panels.eq(previous.index()) }]);
    }
  }

  function build(container, options) {
    const list = container.children("ul").addClass("ui-tabs-nav").attr("role", "tablist");
    container.addClass("ui-tabs");
    list.children("li").each(function (i) {
      const link = $(this).addClass("ui-tabs-tab").children("a");
      const panel = container.children("div").eq(i);
      const id = panel.attr("id");
      link.attr({ role: "tab", id: id + "-tab", "aria-controls": id });
      panel.addClass("ui-tabs-panel").attr({ role: "tabpanel", "aria-labelledby": id + "-tab" });
      link.on("click", function (event) { event.preventDefault(); activate(container, i); });
      link.on("keydown", function (event) {
        // Arrow keys move between tabs; in a right-to-left page, left means "next".
        const rtl = getComputedStyle(list[0]).direction === "rtl";
        const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
        if (!step) return;
        const count = list.children("li").length;
        const next = (i + step + count) % count;
        activate(container, next);
        list.children("li").eq(next).children("a").trigger("focus");
        event.preventDefault();
      });
    });
    activate(container, options.active || 0);
  }

  $.fn.tabs = function (options, name, value) {
    return this.each(function () {
      const container = $(this);
      if (options === "option" && name === "active") activate(container, parseInt(value, 10) || 0);
      else if (typeof options !== "string") build(container, options || {});
    });
  };
})(window.django && window.django.jQuery ? window.django.jQuery : window.jQuery);
