// Copies the front-end files the app serves from npm packages (package.json "dependencies")
// into catalogue/static/vendor/, so they ship inside the Python package. Run by `make`
// and by the Dockerfile after `npm ci`; the copies are build output and not committed.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "catalogue", "static", "vendor");

// destination under static/vendor  <-  file in node_modules
const FILES = {
  "htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
  // the embeddable search (/embed): UMD builds that set window globals, loaded by static/js/embed.js
  "instantsearch/instantsearch.production.min.js": "instantsearch.js/dist/instantsearch.production.min.js",
  "instantsearch/reset-min.css": "instantsearch.css/themes/reset-min.css",
  "meilisearch/meilisearch.umd.min.js": "meilisearch/dist/umd/index.min.js",
  "instant-meilisearch/instant-meilisearch.umd.min.js": "@meilisearch/instant-meilisearch/dist/umd/index.min.js",
  // the API documentation (/schema): Swagger UI, started by static/js/api-docs.js
  "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
  "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
};

rmSync(target, { recursive: true, force: true });
for (const [destination, source] of Object.entries(FILES)) {
  const to = join(target, destination);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(root, "node_modules", source), to);
}
console.log(`vendored ${Object.keys(FILES).length} front-end files into catalogue/static/vendor`);
