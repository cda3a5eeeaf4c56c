// Builds our static assets from the npm packages: GOV.UK Frontend compiled with the council's own
// font stack (no GDS Transport, no crown), and its JavaScript copied beside ours. Output: build/.
import { cpSync, mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(root, "frontend", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "css", "app.css"), result.css);
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
// GOV.UK Frontend's compiled CSS names one image (the footer's copyright crest, which our templates
// never show); it must exist for collectstatic's manifest. No fonts are copied: we use system fonts.
cpSync(join(govuk, "assets", "images"), join(out, "govuk", "assets", "images"), { recursive: true });
console.log("built", join(out, "css", "app.css"), "and", join(out, "js", "govuk-frontend.min.js"));
