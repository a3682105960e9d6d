// `npm run docs`' own safeguards: the colours of redocly.yaml reach Redoc 3's CSS variables or stop the build,
// Redocly's CDN logo is replaced or the build says Redoc changed, and a page that would load anything from
// another host (or report telemetry) is refused. The browser test (site.test.ts) checks the result.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { assertOffline, localizeAttributionLogo, themeCss } from "../../scripts/docs.js";
import { root } from "../../scripts/redocly.js";

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
