// `npm run docs`' own safeguards: the colours of redocly.yaml reach Redoc 3's CSS variables or stop the build,
// Redocly's CDN logo is replaced or the build says Redoc changed, and a page that would load anything from
// another host (or report telemetry) is refused. And what ties the versions' pages together: the places of a
// page as Redoc names them, the switch's choice of place in another version, and the site's index. The browser
// test (site.test.ts) checks the result.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { assertOffline, localizeAttributionLogo, themeCss } from "../../scripts/docs.js";
import { root } from "../../scripts/redocly.js";
import { routesOf, slug } from "../../scripts/site-routes.js";
import {
  fragmentPath,
  pageFor,
  placeIn,
  sitePage,
  siteVersions,
  versionSwitch,
} from "../../scripts/site-versions.js";

// The shape of the page Redoc 3 builds, reduced to what the safeguards look at.
const redocPage = (head: string, script: string) =>
  `<html><head>${head}</head><body><div id="redoc"></div><script type="module">${script}
const __redoc_options = {"skipBundle":true,"disableTelemetry":true};</script></body></html>`;
const cdnLogo =
  "src:e?`https://cdn.redoc.ly/redoc/logo-mini-full.svg`:`https://cdn.redoc.ly/redoc/logo-mini.svg`";

describe("themeCss", () => {
  it("writes each colour of redocly.yaml's openapi.theme to the CSS variables Redoc 3 reads", async () => {
    const theme = parse(await readFile(join(root, "redocly.yaml"), "utf8")).openapi.theme;
    const css = themeCss(theme);
    expect(css).toContain(`--sidebar-bg-color: ${theme.sidebar.backgroundColor};`);
    expect(css).toContain(`--link-color-primary: ${theme.colors.primary.main};`);
    expect(themeCss(undefined)).toBe("");
  });

  it("refuses a theme key it has no variable for, rather than ignoring it as Redoc 3 would", () => {
    expect(() => themeCss({ colors: { secondary: { main: "#123456" } } })).toThrow(
      /openapi\.theme\.colors\.secondary\.main: Redoc 3 ignores it/,
    );
  });

  it("refuses a value that is not a colour, which could break out of the page's style element", () => {
    expect(() => themeCss({ sidebar: { backgroundColor: "red; } body { display: none" } })).toThrow(
      /expected a colour/,
    );
  });
});

describe("localizeAttributionLogo", () => {
  it("replaces the logos Redoc loads from Redocly's CDN with images inside the page", () => {
    const html = localizeAttributionLogo(redocPage("", cdnLogo));
    expect(html).not.toContain("cdn.redoc.ly");
    expect(html.match(/`data:image\/svg\+xml,[^`]*`/g)).toHaveLength(2);
    expect(decodeURIComponent(html)).toContain(">Redocly</text>");
  });

  it("says so when Redoc no longer loads its logo that way", () => {
    expect(() => localizeAttributionLogo(redocPage("", "src:`/logo.svg`"))).toThrow(/no longer contains/);
  });
});

describe("assertOffline", () => {
  it("accepts a page with everything inline and telemetry off", () => {
    expect(() => assertOffline(localizeAttributionLogo(redocPage("<style></style>", cdnLogo)))).not.toThrow();
  });

  it.each([
    [
      "a script from a CDN",
      redocPage('<script src="https://cdn.redocly.com/redoc/v3/redoc.js"></script>', ""),
      "a <script> loaded from another host",
    ],
    [
      "a module preload from a CDN",
      redocPage('<link rel="modulepreload" href="https://cdn.redocly.com/x.js">', ""),
      "a <link> to another host",
    ],
    [
      "a font stylesheet",
      redocPage("<style>@import url('https://fonts.googleapis.com/css');</style>", ""),
      "a stylesheet @import from another host",
    ],
    ["Redocly's CDN logo", redocPage("", cdnLogo), "an image from Redocly's CDN"],
    [
      "telemetry left on",
      redocPage("", "").replace('"disableTelemetry":true', '"disableTelemetry":false'),
      "Redoc's telemetry is not disabled",
    ],
  ])("refuses %s", (_, html, reason) => {
    expect(() => assertOffline(html)).toThrow(`the built page is not self-contained: ${reason}`);
  });
});

describe("assertOffline of a page without Redoc (the site's index)", () => {
  it("does not ask for Redoc's telemetry setting, and still refuses a remote script", () => {
    expect(() =>
      assertOffline("<html><script>location.replace('v8.1/')</script></html>", { redoc: false }),
    ).not.toThrow();
    expect(() => assertOffline('<script src="https://example.org/x.js"></script>', { redoc: false })).toThrow(
      "a <script> loaded from another host",
    );
  });
});

describe("slug: the name Redoc 3 gives a heading, tag or operation in a URL", () => {
  it.each([
    ["Virtual Machine Snapshots", "virtual-machine-snapshots"],
    ["listVirtualMachineSnapshots", "listvirtualmachinesnapshots"],
    ["429 and 503: retry later", "429-and-503:-retry-later"],
    [
      "What this description does not copy from Veeam's document",
      "what-this-description-does-not-copy-from-veeam's-document",
    ],
    ["Which version does my appliance speak?", "which-version-does-my-appliance-speak"],
    ["From v1 to v8.1", "from-v1-to-v8.1"],
    ["  Errors & retries - 100% ", "errors-and-retries-100percent"],
  ])("%s is %s", (text, expected) => {
    expect(slug(text)).toBe(expected);
  });

  it("refuses text outside ASCII, which slugify transliterates by a table this does not copy", () => {
    expect(() => slug("Übersicht")).toThrow(/"Übersicht" has a character outside ASCII/);
  });
});

describe("routesOf: the places of a reference page", () => {
  const spec = {
    info: { description: "Intro\n\n## Access tokens\n\n```sh\n## not a heading\n```\n\n### Refreshing\n" },
    tags: [
      { name: "Pagination", description: "## Offset and Limit\n#### too deep" },
      { name: "Job Sessions", description: "Sessions." },
    ],
    paths: {
      "/api/v8.1/jobSessions/{sessionId}": {
        parameters: [],
        get: { operationId: "getJobSession", tags: ["Job Sessions"] },
      },
    },
  };

  it("has the top, the introduction's sections, each tag and its headings, and each operation under its tag", () => {
    expect([...routesOf(spec)].sort()).toEqual(
      [
        "/",
        "/section/access-tokens",
        "/section/refreshing",
        "/pagination",
        "/pagination/offset-and-limit",
        "/job-sessions",
        "/job-sessions/getjobsession",
      ].sort(),
    );
  });

  it("refuses a heading with code in it, which Redoc leaves out of the heading's name", () => {
    expect(() => routesOf({ ...spec, info: { description: "## With `ca`" } })).toThrow(
      /the heading "With `ca`" has code in it/,
    );
  });

  it("refuses an operation without a tag or an operationId, which its place is named after", () => {
    const untagged = { ...spec, paths: { "/x": { get: { operationId: "x" } } } };
    expect(() => routesOf(untagged)).toThrow(/GET operation without a tag/);
  });
});

describe("the version switch's choice of place", () => {
  const v1 = ["/", "/job-sessions", "/job-sessions/getjobsession", "/errata"];
  const v81 = ["/", "/job-sessions", "/job-sessions/getjobsession", "/system", "/system/getsysteminfo"];

  it.each([
    ["#/job-sessions/getjobsession", v1, "#/job-sessions/getjobsession"],
    ["#/job-sessions/getjobsession/responses/200", v1, "#/job-sessions/getjobsession"],
    ["#/system/getsysteminfo", v1, ""],
    ["#/errata", v81, ""],
    ["", v1, ""],
    ["#/", v1, ""],
    ["#what-this-description-does-not-copy-from-veeam%27s-document", v1, ""],
    ["#/%E0%A4%A", v1, ""],
  ])("leads from %s to %s", (hash, known, expected) => {
    expect(placeIn(known, hash)).toBe(expected);
  });

  it("decodes the fragment, as Redoc writes some characters of a place's name encoded", () => {
    expect(
      fragmentPath("#/changes-from-v1/what-this-description-does-not-copy-from-veeam%27s-document"),
    ).toBe("/changes-from-v1/what-this-description-does-not-copy-from-veeam's-document");
    expect(fragmentPath("#/%E0%A4%A")).toBe("");
  });

  it("sends an old link to the index to the newest page that has its place, else the newest at its top", () => {
    const routes = { "v8.1": v81, v1 };
    expect(pageFor(routes, ["v8.1", "v1"], "#/errata")).toEqual(["v1", "#/errata"]);
    expect(pageFor(routes, ["v8.1", "v1"], "#/job-sessions/getjobsession")).toEqual([
      "v8.1",
      "#/job-sessions/getjobsession",
    ]);
    expect(pageFor(routes, ["v8.1", "v1"], "#/errata/nowhere")).toEqual(["v8.1", ""]);
    expect(pageFor(routes, ["v8.1", "v1"], "")).toEqual(["v8.1", ""]);
  });

  it("runs in the page as written there: its source uses nothing but the language", () => {
    const inPage = new Function(
      `${fragmentPath.toString()}\n${placeIn.toString()}\n${pageFor.toString()}\nreturn pageFor;`,
    )() as typeof pageFor;
    expect(inPage({ "v8.1": ["/"], v1: ["/", "/errata"] }, ["v8.1", "v1"], "#/errata")).toEqual([
      "v1",
      "#/errata",
    ]);
  });
});

describe("versionSwitch and sitePage", () => {
  const routes = { "v8.1": new Set(["/", "/system"]), v1: new Set(["/", "/errata"]) };

  it("marks the current version and links to each other one's page, newest first", () => {
    const html = versionSwitch("v1", routes);
    expect(html).toContain('<span aria-current="page"><b>v1</b>');
    expect(html).toContain('<a href="../v8.1/index.html" data-version="v8.1"><b>v8.1</b>');
    expect(html.indexOf("v8.1")).toBeLessThan(html.indexOf("<b>v1</b>"));
    expect(siteVersions.map(({ version }) => version)).toEqual(["v8.1", "v1"]);
  });

  it("carries the places of every version, as JSON that cannot end its script element", () => {
    const html = versionSwitch("v8.1", { ...routes, v1: new Set(["/", "/</script><script>alert(1)"]) });
    const json = /<script type="application\/json" id="version-routes">(.*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(JSON.parse(json)).toEqual({ "v8.1": ["/", "/system"], v1: ["/", "/</script><script>alert(1)"] });
    expect(json).not.toContain("</script>");
  });

  it("writes an index that opens the newest version, and without scripts refreshes to it", () => {
    const html = sitePage("API <reference>", routes);
    expect(html).toContain("<title>API &#60;reference&#62;</title>");
    expect(html).toContain(
      '<noscript><meta http-equiv="refresh" content="0; url=v8.1/index.html"></noscript>',
    );
    expect(html).toContain('pageFor(routes, ["v8.1","v1"], location.hash)');
    expect(() => assertOffline(html, { redoc: false })).not.toThrow();
  });
});
