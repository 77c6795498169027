/* Starts Swagger UI on the API documentation page (/schema). An external file, not inline
   script, so the CSP (script-src 'self') allows it; the viewer itself is vendored from npm. */
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  if (!root || typeof window.SwaggerUIBundle !== "function") { return; }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: false,  // true makes each path a link inside its toggle button (nested controls)
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,  // no badge from an outside validator: the page makes no external request
    defaultModelsExpandDepth: -1,  // no schema list at the end: each operation shows its own
    tryItOutEnabled: false
  });
})();
