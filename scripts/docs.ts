// `npm run docs`: builds the API reference site into dist/docs/ (a static folder for any web server): the
// Redoc page with its scripts inlined, its logo, and the bundled spec for download. The page loads nothing
// from any other host. Usage: tsx scripts/docs.ts [outDir]   (default dist/docs/)
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { bundleSpec, specRoots } from "./bundle.js";
import { isMain } from "./is-main.js";
import { redoclyOrThrow, root } from "./redocly.js";

/** Files of openapi/site/ that the page loads from beside itself. */
export const siteAssets = ["logo.svg", "favicon.svg"] as const;

// Redoc 3 reads no `theme` object: it is styled by CSS variables. The colours stay in redocly.yaml, under the
// `openapi.theme` keys Redocly's configuration schema defines, and each key we use is written to the variables
// that Redoc 3 draws that part of the page with. A key missing here fails the build rather than doing nothing.
const themeVariables: Record<string, readonly string[]> = {
  "colors.primary.main": [
    "--color-primary-base",
    "--link-color-primary",
    "--link-color-primary-hover",
    "--link-color-primary-pressed",
  ],
  "colors.text.primary": ["--text-color-primary", "--h1-text-color", "--md-content-text-color"],
  "sidebar.backgroundColor": ["--sidebar-bg-color"],
  "sidebar.textColor": ["--sidebar-text-color", "--menu-item-text-color"],
  "sidebar.activeBgColor": ["--menu-item-bg-color-active", "--tree-bg-color-active"],
  "sidebar.activeTextColor": ["--menu-item-color-active"],
  "codeBlock.backgroundColor": ["--code-block-bg-color"],
};

/** Flattens a theme object into `["colors.primary.main", "#006b47"]` pairs. */
function leaves(value: unknown, path: string[] = []): [string, unknown][] {
  if (value === null || typeof value !== "object") return [[path.join("."), value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
}

/** The CSS declarations (for `:root`) that apply `theme`, the `openapi.theme` of redocly.yaml. */
export function themeCss(theme: unknown): string {
  const declarations: string[] = [];
  for (const [key, value] of theme === undefined ? [] : leaves(theme)) {
    const variables = themeVariables[key];
    if (!variables) {
      throw new Error(
        `redocly.yaml openapi.theme.${key}: Redoc 3 ignores it and scripts/docs.ts does not map it to a CSS ` +
          `variable; map it there or remove it (mapped: ${Object.keys(themeVariables).join(", ")})`,
      );
    }
    if (typeof value !== "string" || !/^#[0-9a-f]{3,8}$|^rgba?\([\d.,\s%]+\)$/i.test(value)) {
      throw new Error(`redocly.yaml openapi.theme.${key}: expected a colour such as "#006b47", got ${value}`);
    }
    for (const variable of variables) declarations.push(`${variable}: ${value};`);
  }
  return declarations.join(" ");
}

// Redoc 3's sidebar credits Redocly with a logo it loads from Redocly's CDN, and has no option to change that.
// The credit stays; its logo becomes a same-document image of the word, so the page makes no request for it.
const remoteAttributionLogos = [
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
  "https://cdn.redoc.ly/redoc/logo-mini.svg",
] as const;

function wordmark(text: string, width: number): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} 14" width="${width}" height="14">` +
    `<text x="0" y="11" font-family="system-ui, sans-serif" font-size="12" font-weight="600" fill="#6e6f7a" textLength="${width - 2}" lengthAdjust="spacingAndGlyphs">` +
    `${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Replaces the attribution logo Redoc loads from Redocly's CDN; throws if Redoc no longer loads it that way. */
export function localizeAttributionLogo(html: string): string {
  const [full, mini] = remoteAttributionLogos;
  for (const url of remoteAttributionLogos) {
    if (!html.includes(url)) {
      throw new Error(
        `Redoc's page no longer contains ${url}: check how it credits Redocly now (scripts/docs.ts)`,
      );
    }
  }
  return html.replaceAll(full, wordmark("Redocly", 50)).replaceAll(mini, wordmark("R", 9));
}

/** Throws unless the built page is self-contained: no remote script or stylesheet, no telemetry. */
export function assertOffline(html: string): void {
  const problems = [
    /<script[^>]+\bsrc=["']?(https?:)?\/\//i.test(html) && "a <script> loaded from another host",
    /<link[^>]+\bhref=["']?(https?:)?\/\//i.test(html) && "a <link> to another host",
    /@import\s+(url\()?["']?(https?:)?\/\//i.test(html) && "a stylesheet @import from another host",
    html.includes("https://cdn.redoc.ly/") && "an image from Redocly's CDN",
    !html.includes('"disableTelemetry":true') && "Redoc's telemetry is not disabled",
  ].filter((problem) => problem !== false);
  if (problems.length > 0) throw new Error(`the built page is not self-contained: ${problems.join("; ")}`);
}

/** Builds the site into `outDir` and returns the path of its `index.html`. */
export async function buildDocs(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await bundleSpec(outDir);
  for (const asset of siteAssets) await copyFile(join(root, "openapi", "site", asset), join(outDir, asset));
  const config = parse(await readFile(join(root, "redocly.yaml"), "utf8"));
  const index = join(outDir, "index.html");
  // The page template (openapi.htmlTemplate in redocly.yaml) puts themeCss into the page's :root.
  await redoclyOrThrow([
    "build-docs",
    specRoots.v1,
    "--output",
    index,
    "--inlineBundle",
    `--templateOptions.themeCss=${themeCss(config?.openapi?.theme)}`,
  ]);
  const html = localizeAttributionLogo(await readFile(index, "utf8"));
  assertOffline(html);
  await writeFile(index, html);
  return index;
}

if (isMain(import.meta.url)) {
  console.log(`built ${await buildDocs(resolve(root, process.argv[2] ?? "dist/docs"))}`);
}
