// Bundle each chapter's widget (src/nnlearn/chapters/<slug>/widget.js) with what it imports (the shared
// modules in this folder's js/, the d3 modules pinned in package-lock.json) into one ES module,
// src/nnlearn/chapters/<slug>/widget.bundle.js, which Python loads into the anywidget `_esm` trait.
//
// One module, no imports left: anywidget loads `_esm` from a blob: URL, where relative imports and
// file:// imports fail (see the README's "Widgets"). The bundles are committed: a reader who installs
// nnlearn from the repository (Colab, Binder) has no Node.js, and the notebooks' saved widget state
// holds this exact text. The same lockfile gives the same bytes on every machine (esbuild is
// deterministic; no source map, no absolute path, no date goes in), and `--check` fails when a
// committed bundle is not what the sources build to (make test runs it).
//
// Usage: node src/nnlearn/book/widgets/build.mjs [--check]

import { build } from "esbuild";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..", "..");
const chapters = join(here, "..", "..", "chapters");
const check = process.argv.includes("--check");

const entries = readdirSync(chapters, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(chapters, d.name, "widget.js")))
  .map((d) => d.name)
  .sort();

let stale = 0;
for (const slug of entries) {
  const result = await build({
    entryPoints: [join(chapters, slug, "widget.js")],
    bundle: true,
    format: "esm",
    minify: true,
    target: "es2020",
    platform: "browser",
    legalComments: "none",
    charset: "utf8",
    write: false,
    absWorkingDir: root,
    logLevel: "warning",
    banner: { js: `// nnlearn chapter "${slug}" widget, built by \`make\` from widget.js (do not edit: see build.mjs)` },
  });
  const text = result.outputFiles[0].text;
  const out = join(chapters, slug, "widget.bundle.js");
  const rel = relative(root, out);
  if (check) {
    const committed = existsSync(out) ? readFileSync(out, "utf8") : null;
    if (committed !== text) {
      stale += 1;
      console.error(`${rel} is not what its sources build to: run \`make\` (or node ${relative(root, fileURLToPath(import.meta.url))}) and commit it`);
    }
  } else {
    if (!existsSync(out) || readFileSync(out, "utf8") !== text) writeFileSync(out, text);
    console.log(`${rel}: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`);
  }
}
if (stale) process.exit(1);
if (check) console.log(`widget bundles: ${entries.length} up to date`);
