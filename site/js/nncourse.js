// Loaded on every page, before require.js and MathJax (see _config.yml): it
// configures both.
(function () {
  "use strict";
  // 1. The Jupyter widget manager finds its own fonts relative to the
  //    require.js base URL; point that at the site's vendored copy, whatever
  //    the depth of the page.
  var here = document.currentScript && document.currentScript.src;
  if (here && typeof window.require === "undefined") {
    window.require = { baseUrl: new URL("../vendor/", here).href };
  }

  // 2. The widget manager typesets labels with MathJax 2's `MathJax.Hub.Queue`;
  //    the book loads MathJax 3, which has no `Hub`. Route those calls to
  //    MathJax 3 once it is ready.
  function typeset(calls) {
    calls.forEach(function (call) {
      var element = Array.isArray(call) && call[0] === "Typeset" ? call[2] : null;
      if (element && window.MathJax && window.MathJax.typesetPromise) {
        window.MathJax.typesetPromise([element]).catch(function () {});
      }
    });
  }
  var waiting = [];
  window.MathJax = {
    // Typeset the math of Markdown cells and notebook outputs, as MyST-NB expects.
    options: { processHtmlClass: "tex2jax_process|mathjax_process|math|output_area" },
    // Before MathJax has started, remember what the widgets asked to typeset.
    Hub: { Queue: function () { waiting.push.apply(waiting, arguments); } },
    startup: { ready: ready },
  };
  function ready() {
    window.MathJax.startup.defaultReady();
    window.MathJax.Hub = { Queue: function () { typeset([].slice.call(arguments)); } };
    window.MathJax.startup.promise.then(function () { typeset(waiting); });
  }

  // 3. Accessible names for markup the book does not write itself.
  function nameThings(root) {
    // The colour-mode button is named "Color mode"; its sun/moon icons are decoration,
    // and their titles would be read as text the name does not contain.
    root.querySelectorAll(".theme-switch-button .theme-switch").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
    });
    // Widget sliders are <div role="slider">: name each after its widget's label.
    root.querySelectorAll('[role="slider"]:not([aria-label])').forEach(function (handle) {
      var widget = handle.closest(".widget-slider");
      var label = widget && widget.querySelector(".widget-label");
      if (label && label.textContent.trim()) {
        handle.setAttribute("aria-label", label.textContent.trim());
      }
    });
  }
  function fixTheme() {
    // The theme's buttons say "Search" but show "Search Ctrl+K": let the visible
    // text be the name, as screen-reader users who also see the page expect.
    document.querySelectorAll(".search-button__button[aria-label]").forEach(function (button) {
      if (button.textContent.trim()) button.removeAttribute("aria-label");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fixTheme();
    nameThings(document);
    new MutationObserver(function () { nameThings(document); })
      .observe(document.body, { childList: true, subtree: true });
  });
})();
