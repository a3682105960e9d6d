// The reference site as a reader meets it: built by `npm run docs` into a temporary folder, served on a free
// loopback port, and opened in Debian's Chromium driven by playwright-core. Every request the page makes is
// recorded; one to any host but this machine is aborted (and recorded), so that the site is proven to work
// offline. The tests share one page and run in order: the last one checks what the others caused.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildDocs } from "../../scripts/docs.js";
import { root } from "../../scripts/redocly.js";
import { type StaticServer, serveStatic } from "../../scripts/serve-static.js";
import { readSeed } from "../helpers/seeds.js";
import { type Json, loadSpec } from "../helpers/spec.js";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const screenshot = join(root, "test-results", "docs-list-operation.png");

const spec = loadSpec();
const listSeed = readSeed("list").example as Json;
const deleteSeed = readSeed("delete").example as Json;

// The four operations as the sidebar lists them: the two of the v1 pages and the two they depend on.
const operations = [
  { tag: "Authentication", summary: "Get an access token", path: "/api/oauth2/token" },
  {
    tag: "Virtual Machine Snapshots",
    summary: "List virtual machine snapshots",
    path: "/api/v1/virtualMachineSnapshots",
  },
  {
    tag: "Virtual Machine Snapshots",
    summary: "Remove a virtual machine's snapshots",
    path: "/api/v1/virtualMachines/{id}/deleteSnapshots",
  },
  { tag: "Job Sessions", summary: "Get a job session", path: "/api/v1/jobSessions/{id}" },
] as const;

const isLoopback = (url: URL) =>
  url.protocol === "data:" ||
  url.protocol === "blob:" ||
  ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);

let dir: string;
let server: StaticServer | undefined;
let browser: Browser | undefined;
let page: Page;
/** Every URL the page requested. */
const requested: string[] = [];
/** Requests to another host, which the route below aborted. */
const leftTheMachine: string[] = [];
/** Console errors and uncaught exceptions of the page. */
const errors: string[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: run scripts/ensure-chromium.sh (npm test does) or set CHROMIUM_PATH`,
    );
  }
  dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-site-"));
  await buildDocs(dir);
  server = await serveStatic(dir, 0);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLoopback(new URL(url))) return route.continue();
    leftTheMachine.push(url);
    return route.abort();
  });
  page = await context.newPage();
  // Fail a stuck step with Playwright's account of what it waited for, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  page.on("request", (request) => requested.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(server.url);
  // The credit to Redocly renders only once the page has hydrated: from then on it reacts to clicks.
  await page.getByAltText("redocly logo").waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens an operation from the sidebar, expanding its tag first, and returns its section of the page. */
async function openOperation(tag: string, summary: string): Promise<Locator> {
  const sidebar = page.locator(".menu-content");
  const item = sidebar.getByTestId("menu-item-label").filter({ hasText: summary });
  if (!(await item.isVisible()))
    await sidebar.getByTestId("menu-item-label").filter({ hasText: tag }).click();
  await item.click();
  await eventually(() => new URL(page.url()).hash).toMatch(/^#\/[\w-]+\/\w+$/);
  const section = page.locator(`[data-section-id="${new URL(page.url()).hash.slice(1)}"]`);
  await section.getByRole("heading", { name: summary }).waitFor();
  return section;
}

describe("the reference site in Chromium", { timeout: 60_000 }, () => {
  it("lists the two seeded operations and the two supporting ones, and opens each at its path", async () => {
    for (const { tag, summary, path } of operations) {
      const section = await openOperation(tag, summary);
      await eventually(() => section.getByRole("heading", { name: summary }).isVisible()).toBe(true);
      await eventually(() => section.innerText(), { message: summary }).toContain(path);
    }
  });

  it("shows every field of VirtualMachineSnapshot in the list response and of JobSession in the delete response", async () => {
    const list = await openOperation("Virtual Machine Snapshots", "List virtual machine snapshots");
    const listBody = list.getByTestId("middle-panel");
    await listBody.getByText("results", { exact: true }).first().click();
    for (const field of Object.keys(spec.components.schemas.VirtualMachineSnapshot.properties)) {
      await expect
        .poll(() => listBody.getByText(field, { exact: true }).first().isVisible(), { message: field })
        .toBe(true);
    }
    const remove = await openOperation("Virtual Machine Snapshots", "Remove a virtual machine's snapshots");
    for (const field of Object.keys(spec.components.schemas.JobSession.properties)) {
      const name = remove.getByTestId("middle-panel").getByText(field, { exact: true }).first();
      await eventually(() => name.isVisible(), { message: field }).toBe(true);
    }
  });

  it("shows the v1 pages' own example responses", async () => {
    const list = await openOperation("Virtual Machine Snapshots", "List virtual machine snapshots");
    const vm = listSeed.results[0];
    for (const value of [vm.vmId, vm.name, vm.subscription.name, vm.osDisk.name, listSeed._links.self.href]) {
      await eventually(() => list.innerText()).toContain(JSON.stringify(value));
    }
    await mkdir(join(root, "test-results"), { recursive: true });
    await list.screenshot({ path: screenshot });
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);

    const remove = await openOperation("Virtual Machine Snapshots", "Remove a virtual machine's snapshots");
    const removeSample = await remove.innerText();
    for (const key of [
      "id",
      "type",
      "executionStartTime",
      "executionStopTime",
      "executionDuration",
      "status",
    ]) {
      expect(removeSample).toContain(JSON.stringify(deleteSeed[key]));
    }
  });

  it("offers a curl and a TypeScript sample on every operation", async () => {
    for (const { tag, summary, path } of operations) {
      const section = await openOperation(tag, summary);
      // The language picker is labelled with the language shown, which the page keeps from one operation to
      // the next.
      const languagePicker = page.getByRole("button", { name: /^(curl|TypeScript)$/ });
      const panel = section.getByTestId("right-panel").filter({ has: languagePicker });
      const picker = panel.getByRole("button", { name: /^(curl|TypeScript)$/ });
      const source = panel.getByTestId("source-code");
      const choose = async (language: string) => {
        // A click that lands while the section is still rendering opens no menu: open it again.
        for (let attempt = 1; ; attempt++) {
          await picker.click();
          try {
            await page.getByRole("menuitem", { name: language }).click({ timeout: 2_000 });
            return;
          } catch (error) {
            if (attempt === 3) throw error;
          }
        }
      };
      await choose("curl");
      await expect
        .poll(() => source.innerText(), { message: summary })
        .toMatch(new RegExp(`^curl .*${path.split("{")[0]}`, "m"));
      await choose("TypeScript");
      await expect
        .poll(() => source.innerText(), { message: summary })
        .toContain('from "veeam-azure-client"');
    }
  });

  it("finds deleteSnapshots with the search and opens the operation from the result", async () => {
    await page.getByTestId("search-trigger").click();
    await page.keyboard.type("deleteSnapshots");
    const result = page.locator('[data-component-name="Search/SearchItem"]').first();
    await eventually(() => result.innerText()).toContain("/api/v1/virtualMachines/{id}/deleteSnapshots");
    expect(await result.innerText()).toContain("Remove a virtual machine's snapshots");
    await result.click();
    await expect
      .poll(() => page.url())
      .toContain("#/virtual-machine-snapshots/deletevirtualmachinesnapshots");
  });

  it("explains access tokens with a curl example in the introduction", async () => {
    await page
      .locator(".menu-content")
      .getByTestId("menu-item-label")
      .filter({ hasText: "Access tokens" })
      .click();
    await eventually(() => new URL(page.url()).hash).toBe("#/section/access-tokens");
    const section = page.locator('[data-section-id="/section/access-tokens"]');
    for (const fact of [
      "POST /api/oauth2/token",
      "grant_type=Password",
      "60 minutes",
      "expires_in",
      "grant_type=Refresh_token",
      "Authorization: Bearer",
      "curl -X POST",
    ]) {
      await eventually(() => section.innerText()).toContain(fact);
    }
  });

  it.each([
    [
      "Pagination",
      "/pagination",
      ["offset", "limit", "Advance offset by the number of items in results", "short"],
    ],
    ["Errata of the v1 pages", "/errata", ["dataDisks", "Array of DiskSnapshot", "usn", "trailing comma"]],
    [
      "Where the v1 pages are silent",
      "/assumptions",
      ["Error responses", "application/problem+json", "GET /api/v1/jobSessions/{id}", "executionStopTime"],
    ],
  ])("shows the %s guide", async (title, sectionId, facts) => {
    await page.locator(".menu-content").getByTestId("menu-item-label").filter({ hasText: title }).click();
    await eventually(() => new URL(page.url()).hash).toBe(`#${sectionId}`);
    const section = page.locator(`[data-section-id="${sectionId}"]`);
    await eventually(() => section.getByRole("heading", { name: title }).isVisible()).toBe(true);
    for (const fact of facts) await eventually(() => section.innerText()).toContain(fact);
  });

  it("shows our logo, served beside the page, and the colours of redocly.yaml", async () => {
    const logo = page.getByTestId("logo").locator("img");
    expect(await logo.evaluate((img: HTMLImageElement) => [img.src, img.naturalWidth > 0])).toEqual([
      `${server?.url}logo.svg`,
      true,
    ]);
    const theme = parse(await readFile(join(root, "redocly.yaml"), "utf8")).openapi.theme;
    const sidebar = await page.locator(".menu-content").evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(sidebar).toBe(rgb(theme.sidebar.backgroundColor));
    const link = page.getByRole("link", { name: "openapi.yaml" }).first();
    expect(await link.evaluate((e) => getComputedStyle(e).color)).toBe(rgb(theme.colors.primary.main));
  });

  it("offers the bundled spec for download, from beside the page", async () => {
    for (const file of ["openapi.yaml", "openapi.json"]) {
      const link = page.getByRole("link", { name: file }).first();
      expect(await link.getAttribute("href")).toBe(file);
      const served = await page.request.get(`${server?.url}${file}`);
      expect(served.status()).toBe(200);
      expect(await served.text()).toBe(await readFile(join(dir, file), "utf8"));
    }
    expect(JSON.parse(await readFile(join(dir, "openapi.json"), "utf8"))).toEqual(spec);
  });

  it("made no request off this machine and logged no error, through all of the above", () => {
    expect(requested.some((url) => url.endsWith("/logo.svg"))).toBe(true); // the recording works
    expect(leftTheMachine).toEqual([]);
    expect(requested.filter((url) => !isLoopback(new URL(url)))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/** expect.poll with time for a page that renders its sections as they scroll into view, on a busy machine. */
function eventually<T>(read: () => Promise<T> | T, options: { message?: string } = {}) {
  return expect.poll(read, { timeout: 10_000, ...options });
}

/** "#006b47" as getComputedStyle reports it. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
