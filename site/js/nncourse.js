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
})();
