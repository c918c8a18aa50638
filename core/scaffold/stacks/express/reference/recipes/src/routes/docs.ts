/** The API documentation (Swagger UI) at `/docs`, with its assets served from the installed
 * `swagger-ui-dist` package: it works without a network and loads nothing from another host.
 *
 * The page gets its own Content-Security-Policy: scripts from here plus the page's one inline
 * script (by its hash), styles from here and inline, images from here and `data:`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import type { Router } from "express";
import { getAbsoluteFSPath } from "swagger-ui-dist";

const ASSETS: Readonly<Record<string, string>> = {
  "swagger-ui-bundle.js": "text/javascript",
  "swagger-ui.css": "text/css",
  "favicon-32x32.png": "image/png",
};

export function page(title: string): { html: string; policy: string } {
  const script =
    'window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", ' +
    "validatorUrl: null, layout: \"BaseLayout\", deepLinking: true, " +
    "presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]});";
  const digest = createHash("sha256").update(script).digest("base64");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title} - API docs</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>${script}</script>
</body>
</html>
`;
  const policy =
    `default-src 'none'; script-src 'self' 'sha256-${digest}'; style-src 'self' 'unsafe-inline'; ` +
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; " +
    "form-action 'none'";
  return { html, policy };
}

export function mountDocs(router: Router, title: string): void {
  const { html, policy } = page(title);
  const cache = new Map<string, Buffer>();
  router.get("/docs", (_req, res) => {
    res.set("Content-Security-Policy", policy).type("html").send(html);
  });
  router.get("/docs/assets/:name", (req, res, next) => {
    const name = req.params.name;
    const type = ASSETS[name];
    if (type === undefined) {
      next();
      return;
    }
    let data = cache.get(name);
    if (data === undefined) {
      data = readFileSync(join(getAbsoluteFSPath(), name));
      cache.set(name, data);
    }
    res.set("Cache-Control", "public, max-age=86400").type(type).send(data);
  });
}
