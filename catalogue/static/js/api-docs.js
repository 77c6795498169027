/* Starts Swagger UI on the API documentation page (/schema). An external file, not inline
   script, so the CSP (script-src 'self') allows it; the viewer itself is vendored from npm.
   Swagger UI draws some controls without an accessible name and code blocks that scroll but
   cannot be reached by keyboard; `label` below mends each as it appears. */
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  if (!root || typeof window.SwaggerUIBundle !== "function") { return; }

  function paramName(el) {
    var row = el.closest("tr[data-param-name]");
    return row ? row.getAttribute("data-param-name") : "";
  }

  function label(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("input, select, textarea"), function (el) {
      if (el.labels && el.labels.length) { return; }
      if (el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby")) { return; }
      var name = paramName(el);
      if (el.classList.contains("examples-select-element")) {
        el.setAttribute("aria-label", name ? "Examples of " + name : "Examples");
      } else if (name) {
        el.setAttribute("aria-label", name);
      }
    });
    Array.prototype.forEach.call(scope.querySelectorAll(".highlight-code pre, pre.microlight"), function (pre) {
      if (!pre.hasAttribute("tabindex")) {
        pre.setAttribute("tabindex", "0");  // scrolls sideways: the keyboard must reach it
      }
    });
  }

  new MutationObserver(function () { label(root); }).observe(root, { childList: true, subtree: true });

  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: false,  // true makes each path a link inside its toggle button (nested controls)
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,  // no badge from an outside validator: the page makes no external request
    defaultModelsExpandDepth: -1,  // no schema list at the end: each operation shows its own
    syntaxHighlight: false,  // plain code blocks: the highlighter's colours fail contrast
    tryItOutEnabled: false
  });
})();
