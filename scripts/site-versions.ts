// The API versions the reference site presents, newest first, and what ties their pages together: each page's
// folder (dist/docs/<version>/), the switch at the top of every page that leads to the same place in another
// version, and the site's index.html, which sends a reader to the newest version (or to the version whose page
// has the place an old link asks for).
import type { SpecVersion } from "./bundle.js";

/** An API version as the site presents it. */
export interface SiteVersion {
  /** The version, as the spec, the folder and the URL prefix name it. */
  version: SpecVersion;
  /** Who speaks it, shown beside the version in the switch. */
  speakers: string;
}

/**
 * The versions the site presents, newest first; the first is the one the site opens with. The products are those
 * of ../shared/reference/versions.md ("Which appliance serves which API version").
 */
export const siteVersions: readonly SiteVersion[] = [
  { version: "v8.1", speakers: "product 8.1; v8, v7 and v6 very likely alike" },
  { version: "v1", speakers: "product 1.0" },
];

/**
 * The folder of a version's page in the site, which holds its index.html, its spec and its images.
 *
 * @example
 * ```ts
 * pageFolder("v8.1"); // "v8.1"
 * ```
 */
export function pageFolder(version: SpecVersion): string {
  return version;
}

/**
 * The place a URL fragment names, as a path (`#/job-sessions/getjobsession` is `/job-sessions/getjobsession`):
 * `""` for no place, or a fragment that is not one of Redoc's. It runs in the pages too (see
 * {@link versionSwitch}), so it uses nothing but the language itself.
 *
 * @example
 * ```ts
 * fragmentPath("#/changes-from-v1/models"); // "/changes-from-v1/models"
 * ```
 */
export function fragmentPath(hash: string): string {
  let path: string;
  try {
    path = decodeURIComponent(hash.replace(/^#/, ""));
  } catch {
    return "";
  }
  return path.startsWith("/") ? path : "";
}

/**
 * The fragment of the place `hash` names on a page whose places are `known` (see site-routes.ts): that place when
 * the page has it, else its nearest enclosing place that the page has (an operation's tag), else the top of the
 * page (`""`). It runs in the pages too, so it uses nothing but the language and {@link fragmentPath}.
 *
 * @example
 * ```ts
 * placeIn(["/", "/job-sessions"], "#/job-sessions/getjobsession"); // "#/job-sessions"
 * ```
 */
export function placeIn(known: readonly string[], hash: string): string {
  let path = fragmentPath(hash);
  while (path.length > 1 && !known.includes(path)) path = path.slice(0, path.lastIndexOf("/"));
  return path.length > 1 ? `#${path}` : "";
}

/**
 * The version whose page to open for a link to the site's index.html with `hash`, and the fragment to open it at:
 * the newest of `versions` whose page has that very place (old links were written when the index showed v1
 * alone), else the newest version at the nearest place it has. It runs in the index page.
 *
 * @example
 * ```ts
 * pageFor({ "v8.1": ["/"], v1: ["/", "/errata"] }, ["v8.1", "v1"], "#/errata"); // ["v1", "#/errata"]
 * ```
 */
export function pageFor(
  routes: Readonly<Record<string, readonly string[]>>,
  versions: readonly string[],
  hash: string,
): [string, string] {
  const path = fragmentPath(hash);
  let chosen = versions[0] ?? "";
  for (const version of versions) {
    if ((routes[version] ?? []).includes(path)) {
      chosen = version;
      break;
    }
  }
  return [chosen, placeIn(routes[chosen] ?? [], hash)];
}

// JSON inside a <script> element: "<" escaped, so that no value can end the element.
const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll("<", "\\u003c");

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The places of each version's page, by version: what the switch and the index choose from. */
export type SiteRoutes = Readonly<Record<SpecVersion, ReadonlySet<string>>>;

function routesJson(routes: SiteRoutes): string {
  return scriptJson(Object.fromEntries(siteVersions.map(({ version }) => [version, [...routes[version]]])));
}

/**
 * The switch at the top of `current`'s page (placed by openapi/site/index.hbs): the current version, and a link
 * to each other version's page. A script keeps each link's fragment on the place the reader is at, where that
 * version's page has it (see {@link placeIn}); without scripts the links lead to the top of the other page.
 *
 * @example
 * ```ts
 * versionSwitch("v8.1", { "v8.1": routesOf(v81), v1: routesOf(v1) });
 * ```
 */
export function versionSwitch(current: SpecVersion, routes: SiteRoutes): string {
  const items = siteVersions.map(({ version, speakers }) => {
    const label = `<b>${escapeHtml(version)}</b> <span>${escapeHtml(speakers)}</span>`;
    return version === current
      ? `<li><span aria-current="page">${label}</span></li>`
      : `<li><a href="../${pageFolder(version)}/index.html" data-version="${escapeHtml(version)}">${label}</a></li>`;
  });
  return [
    `<nav class="version-switch" aria-label="API version">`,
    `<span class="version-switch-title">API version</span>`,
    `<ul>${items.join("")}</ul>`,
    `</nav>`,
    `<script type="application/json" id="version-routes">${routesJson(routes)}</script>`,
    "<script>",
    fragmentPath.toString(),
    placeIn.toString(),
    "{",
    `  const routes = JSON.parse(document.getElementById("version-routes").textContent);`,
    `  for (const link of document.querySelectorAll(".version-switch a[data-version]")) {`,
    `    const page = link.getAttribute("href");`,
    // Redoc moves between places with the History API, which fires no event: the link is brought up to date
    // whenever it may be followed, copied or shown.
    `    for (const event of ["pointerdown", "focus", "mouseenter", "click", "contextmenu"]) {`,
    `      link.addEventListener(event, () => {`,
    `        link.href = page + placeIn(routes[link.dataset.version] ?? [], location.hash);`,
    `      });`,
    "    }",
    "  }",
    "}",
    "</script>",
  ].join("\n");
}

/**
 * The site's index.html: it sends the reader on to the newest version's page, or, for a link to a place only an
 * older version has (the site showed v1 alone before), to that version's page at that place. Without scripts, a
 * refresh to the newest version, and links to each.
 *
 * @example
 * ```ts
 * await writeFile("dist/docs/index.html", sitePage("API reference", routes));
 * ```
 */
export function sitePage(title: string, routes: SiteRoutes): string {
  const newest = siteVersions[0]?.version as SpecVersion;
  const links = siteVersions
    .map(
      ({ version, speakers }) =>
        `<li><a href="${pageFolder(version)}/index.html">${escapeHtml(version)}</a> (${escapeHtml(speakers)})</li>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<noscript><meta http-equiv="refresh" content="0; url=${pageFolder(newest)}/index.html"></noscript>
<link rel="icon" type="image/svg+xml" href="favicon.svg">
<script type="application/json" id="version-routes">${routesJson(routes)}</script>
<script>
${fragmentPath.toString()}
${placeIn.toString()}
${pageFor.toString()}
{
  const routes = JSON.parse(document.getElementById("version-routes").textContent);
  const [version, place] = pageFor(routes, ${scriptJson(siteVersions.map(({ version }) => version))}, location.hash);
  location.replace(version + "/index.html" + place);
}
</script>
<style>body { font-family: system-ui, sans-serif; margin: 2rem; color: #0b2e3f; }</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>The reference of each API version:</p>
<ul>
${links}
</ul>
</body>
</html>
`;
}
