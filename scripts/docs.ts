// `npm run docs`: builds the API reference site into dist/docs/ (a static folder for any web server): a Redoc
// page per API version in a folder of its own (dist/docs/v8.1/, dist/docs/v1/), each with its scripts inlined,
// its logo, the switch to the other versions and its bundled spec for download, and an index.html that opens
// the newest. No page loads anything from any other host. Usage: tsx scripts/docs.ts [outDir]   (default
// dist/docs/)
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { bundleSpec, type SpecVersion, specRoots } from "./bundle.js";
import { isMain } from "./is-main.js";
import { redoclyOrThrow, root } from "./redocly.js";
import { type RoutedSpec, routesOf } from "./site-routes.js";
import { pageFolder, type SiteRoutes, sitePage, siteVersions, versionSwitch } from "./site-versions.js";

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

/**
 * Throws unless the built page is self-contained: no remote script or stylesheet, and (for a Redoc page, unless
 * `redoc` is false) no telemetry.
 */
export function assertOffline(html: string, { redoc = true }: { redoc?: boolean } = {}): void {
  const problems = [
    /<script[^>]+\bsrc=["']?(https?:)?\/\//i.test(html) && "a <script> loaded from another host",
    /<link[^>]+\bhref=["']?(https?:)?\/\//i.test(html) && "a <link> to another host",
    /@import\s+(url\()?["']?(https?:)?\/\//i.test(html) && "a stylesheet @import from another host",
    html.includes("https://cdn.redoc.ly/") && "an image from Redocly's CDN",
    redoc && !html.includes('"disableTelemetry":true') && "Redoc's telemetry is not disabled",
  ].filter((problem) => problem !== false);
  if (problems.length > 0) throw new Error(`the built page is not self-contained: ${problems.join("; ")}`);
}

/** What {@link buildDocs} wrote. */
export interface BuiltSite {
  /** The site's index.html, which opens the newest version's page. */
  index: string;
  /** Each version's page (`<outDir>/<version>/index.html`), beside its openapi.yaml and openapi.json. */
  pages: Record<SpecVersion, string>;
  /** The places of each version's page, as the version switch knows them (see site-routes.ts). */
  routes: SiteRoutes;
}

// Every version's bundle first: the switch on each page needs the places of all of them.
async function bundleAll(outDir: string): Promise<Record<SpecVersion, RoutedSpec>> {
  const specs = await Promise.all(
    siteVersions.map(async ({ version }) => {
      const { json } = await bundleSpec(join(outDir, pageFolder(version)), version);
      return [version, JSON.parse(await readFile(json, "utf8")) as RoutedSpec] as const;
    }),
  );
  return Object.fromEntries(specs) as Record<SpecVersion, RoutedSpec>;
}

/** Builds the site into `outDir`: a page per version of {@link siteVersions}, and the index that opens them. */
export async function buildDocs(outDir: string): Promise<BuiltSite> {
  const missing = Object.keys(specRoots).filter(
    (version) => !siteVersions.some((v) => v.version === version),
  );
  if (missing.length > 0) {
    throw new Error(
      `scripts/site-versions.ts presents no page for ${missing.join(", ")}: add it to siteVersions`,
    );
  }
  // Emptied first: a file of an earlier layout (dist/docs/openapi.yaml was the v1 spec) would stay served.
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const specs = await bundleAll(outDir);
  const routes = {} as Record<SpecVersion, ReadonlySet<string>>;
  for (const { version } of siteVersions) routes[version] = routesOf(specs[version]);
  const config = parse(await readFile(join(root, "redocly.yaml"), "utf8"));
  const pages = {} as Record<SpecVersion, string>;
  // One at a time: each Redocly run takes a core, and the machine has few.
  for (const { version } of siteVersions) {
    const folder = join(outDir, pageFolder(version));
    for (const asset of siteAssets) await copyFile(join(root, "openapi", "site", asset), join(folder, asset));
    const index = join(folder, "index.html");
    // The page template (openapi.htmlTemplate in redocly.yaml) puts themeCss into the page's :root and the
    // version switch at the top of its body.
    await redoclyOrThrow([
      "build-docs",
      specRoots[version],
      "--output",
      index,
      "--inlineBundle",
      `--templateOptions.themeCss=${themeCss(config?.openapi?.theme)}`,
      `--templateOptions.versionSwitch=${versionSwitch(version, routes)}`,
    ]);
    const html = localizeAttributionLogo(await readFile(index, "utf8"));
    assertOffline(html);
    await writeFile(index, html);
    pages[version] = index;
  }
  const index = join(outDir, "index.html");
  await copyFile(join(root, "openapi", "site", "favicon.svg"), join(outDir, "favicon.svg"));
  const html = sitePage("Veeam Backup for Microsoft Azure REST API reference", routes);
  assertOffline(html, { redoc: false });
  await writeFile(index, html);
  return { index, pages, routes };
}

if (isMain(import.meta.url)) {
  const { index, pages } = await buildDocs(resolve(root, process.argv[2] ?? "dist/docs"));
  for (const page of Object.values(pages)) console.log(`built ${page}`);
  console.log(`built ${index}, which opens ${pages[siteVersions[0]?.version ?? "v8.1"]}`);
}
