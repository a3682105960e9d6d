// The reference site as a reader meets it: built by `npm run docs` into a temporary folder, served on a free
// loopback port, and opened in Debian's Chromium driven by playwright-core: the index, the page of each API
// version (v8.1, which the index opens, and v1), and the switch between them. Every request the pages make is
// recorded; one to any host but this machine is aborted (and recorded), so that the site is proven to work
// offline. The tests share one browser tab and run in order: the last one checks what the others caused.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { SpecVersion } from "../../scripts/bundle.js";
import { type BuiltSite, buildDocs } from "../../scripts/docs.js";
import { root } from "../../scripts/redocly.js";
import { type StaticServer, serveStatic } from "../../scripts/serve-static.js";
import { readSeed } from "../helpers/seeds.js";
import { type Json, loadSpec } from "../helpers/spec.js";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const screenshot = (name: string) => join(root, "test-results", name);

const specs: Record<SpecVersion, Json> = { "v8.1": loadSpec("v8.1"), v1: loadSpec("v1") };
const listSeed = readSeed("list").example as Json;
const deleteSeed = readSeed("delete").example as Json;

interface Operation {
  tag: string;
  summary: string;
  path: string;
}

/** The operations of a version's spec as the sidebar lists them: under their tag, by their summary. */
function operationsOf(spec: Json): Operation[] {
  return Object.entries<Json>(spec.paths).flatMap(([path, item]) =>
    Object.values<Json>(item).map((operation) => ({
      tag: operation.tags[0],
      summary: operation.summary,
      path,
    })),
  );
}

// v1: the two operations of the v1 pages and the two they depend on.
const v1Operations: Operation[] = [
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
];
const v81Operations = operationsOf(specs["v8.1"]);

const isLoopback = (url: URL) =>
  url.protocol === "data:" ||
  url.protocol === "blob:" ||
  ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);

let dir: string;
let site: BuiltSite;
let server: StaticServer | undefined;
let browser: Browser | undefined;
let page: Page;
/** Every URL the pages requested. */
const requested: string[] = [];
/** Requests to another host, which the route below aborted. */
const leftTheMachine: string[] = [];
/** Console errors and uncaught exceptions of the pages. */
const errors: string[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: run scripts/ensure-chromium.sh (npm test does) or set CHROMIUM_PATH`,
    );
  }
  dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-site-"));
  // A file of the layout before a page per version: the build must not leave it to be served.
  await writeFile(join(dir, "openapi.yaml"), "openapi: 3.1.0 # stale v1 spec\n");
  site = await buildDocs(dir);
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
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The URL of a page of the site, as served. */
const at = (path: string) => `${server?.url}${path}`;

/** Waits until the page at the browser's URL has hydrated: from then on it reacts to clicks. */
async function hydrated(): Promise<void> {
  // The credit to Redocly renders only once the page has hydrated.
  await page.getByAltText("redocly logo").waitFor();
}

/** Opens the page of `version` (at `hash`) and waits until it has hydrated. */
async function openPage(version: SpecVersion, hash = ""): Promise<void> {
  await page.goto(at(`${version}/index.html${hash}`));
  await hydrated();
}

/** Opens an operation from the sidebar, expanding its tag first, and returns its section of the page. */
async function openOperation(tag: string, summary: string): Promise<Locator> {
  const sidebar = page.locator(".menu-content");
  const item = sidebar.getByTestId("menu-item-label").filter({ hasText: summary });
  // A tag that another one's opening folds up is still in view for a moment: a click then lands on nothing. Open
  // the tag again if the operation is not there after all.
  for (let attempt = 1; ; attempt++) {
    if (!(await item.first().isVisible()))
      await sidebar.getByTestId("menu-item-label").filter({ hasText: tag }).first().click();
    try {
      await item.first().click({ timeout: 3_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  await eventually(() => new URL(page.url()).hash).toMatch(/^#\/[\w-]+\/\w+$/);
  const section = page.locator(`[data-section-id="${new URL(page.url()).hash.slice(1)}"]`);
  await section.getByRole("heading", { name: summary }).waitFor();
  return section;
}

/** Opens a guide (a tag without operations) from the sidebar and returns its section and those of its headings. */
async function openGuide(title: string, sectionId: string): Promise<Locator> {
  await page
    .locator(".menu-content")
    .getByTestId("menu-item-label")
    .filter({ hasText: title })
    .first()
    .click();
  await eventually(() => new URL(page.url()).hash).toBe(`#${sectionId}`);
  const sections = page.locator(`[data-section-id="${sectionId}"], [data-section-id^="${sectionId}/"]`);
  await eventually(() =>
    page.locator(`[data-section-id="${sectionId}"]`).getByRole("heading", { name: title }).isVisible(),
  ).toBe(true);
  return sections;
}

/**
 * What `read` finds in each section that `sections` matches, in order. Redoc renders a section only once it comes
 * near the view (and may render it again as it does), so each is scrolled to and read once it shows text.
 */
async function inEachSection<T>(sections: Locator, read: (section: Locator) => Promise<T>): Promise<T[]> {
  const idsOf = () =>
    sections.evaluateAll((found) => found.map((e) => e.getAttribute("data-section-id") ?? ""));
  const results: T[] = [];
  const done = new Set<string>();
  // The sections further down appear as those above them are rendered: read on until no new one appears.
  for (let ids = await idsOf(); ids.some((id) => !done.has(id)); ids = await idsOf()) {
    const id = ids.find((candidate) => !done.has(candidate)) as string;
    done.add(id);
    const section = page.locator(`[data-section-id="${id}"]`);
    let result: T | undefined;
    await eventually(
      async () => {
        await section.scrollIntoViewIfNeeded();
        if ((await section.innerText()).trim() === "") return false;
        result = await read(section);
        return true;
      },
      { message: id },
    ).toBe(true);
    results.push(result as T);
  }
  return results;
}

/** The text of every section `sections` matches, together. */
async function textOf(sections: Locator): Promise<string> {
  return (await inEachSection(sections, (section) => section.innerText())).join("\n");
}

/** The cells' text of each table row `rows` matches, rendered or not (a section out of view has no innerText). */
function cellsOf(rows: Locator): Promise<string[][]> {
  return rows.evaluateAll((trs) =>
    trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((cell) => cell.textContent?.trim() ?? "")),
  );
}

/** Picks a language in an operation's request samples and returns the sample shown. */
async function sampleIn(section: Locator, language: "curl" | "TypeScript"): Promise<Locator> {
  // The language picker is labelled with the language shown, which the page keeps from one operation to the next.
  const languagePicker = page.getByRole("button", { name: /^(curl|TypeScript)$/ });
  const panel = section.getByTestId("right-panel").filter({ has: languagePicker });
  const picker = panel.getByRole("button", { name: /^(curl|TypeScript)$/ });
  // A click that lands while the section is still rendering opens no menu: open it again.
  for (let attempt = 1; ; attempt++) {
    await picker.click();
    try {
      await page.getByRole("menuitem", { name: language }).click({ timeout: 2_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  return panel.getByTestId("source-code");
}

/** The version switch at the top of the page. */
const versionSwitch = () => page.getByRole("navigation", { name: "API version" });

/** Every place the sidebar of the page links to (each tag expanded in turn), as a path in the URL fragment. */
async function sidebarPlaces(spec: Json): Promise<Set<string>> {
  const sidebar = page.locator(".menu-content");
  const links = () => sidebar.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const places = new Set<string>();
  for (const tag of spec.tags as Json[]) {
    const before = new URL(page.url()).hash;
    await sidebar
      .getByTestId("menu-item-label")
      .filter({ hasText: new RegExp(`^${escapeRegExp(tag["x-displayName"] ?? tag.name)}$`) })
      .first()
      .click();
    // Opening a tag moves the page to it and lists its places below it: read them once the list is still.
    await eventually(() => new URL(page.url()).hash).not.toBe(before);
    let shown: string[] = [];
    await eventually(async () => {
      const [first, second] = [await links(), await page.waitForTimeout(200).then(links)];
      shown = second;
      return first.join() === second.join();
    }).toBe(true);
    for (const href of shown)
      if (!/^https?:/.test(href)) places.add(decodeURIComponent(href.replace(/^#/, "")));
  }
  return places;
}

describe("the site's index", { timeout: 60_000 }, () => {
  it("opens the v8.1 page, the newest version", async () => {
    await page.goto(at(""));
    await hydrated();
    expect(page.url()).toBe(at("v8.1/index.html"));
    await eventually(() => page.getByRole("heading", { level: 1 }).first().innerText()).toContain("v8.1");
  });

  it.each([
    ["#/errata", "v1/index.html#/errata"],
    ["#/job-sessions/getjobsession", "v8.1/index.html#/job-sessions/getjobsession"],
    ["#/no/such/place", "v8.1/index.html"],
  ])(
    "sends a link to %s (the index showed v1 alone before) to the newest page that has it",
    async (hash, to) => {
      await page.goto(at(`index.html${hash}`));
      await hydrated();
      expect(page.url()).toBe(at(to));
    },
  );
});

describe("the v8.1 page in Chromium", { timeout: 90_000 }, () => {
  beforeAll(() => openPage("v8.1"), 60_000);

  it("lists the eight operations, and opens each at its path", async () => {
    expect(v81Operations).toHaveLength(8);
    for (const { tag, summary, path } of v81Operations) {
      const section = await openOperation(tag, summary);
      await eventually(() => section.innerText(), { message: summary }).toContain(path);
    }
  });

  it("offers a curl and a TypeScript sample on every operation, for the v8.1 paths and the v8.1 client", async () => {
    for (const { tag, summary, path } of v81Operations) {
      const section = await openOperation(tag, summary);
      const curl = await sampleIn(section, "curl");
      await expect
        .poll(() => curl.innerText(), { message: summary })
        .toMatch(new RegExp(`^curl .*${escapeRegExp(path.split("{")[0] ?? "")}`, "m"));
      const typescript = await sampleIn(section, "TypeScript");
      await expect
        .poll(() => typescript.innerText(), { message: summary })
        .toContain('from "veeam-azure-client"');
      expect(await typescript.innerText()).toContain('apiVersion: "v8.1"');
    }
    const list = await openOperation("Virtual Machine Snapshots", "List virtual machine snapshots");
    await mkdir(join(root, "test-results"), { recursive: true });
    await list.screenshot({ path: screenshot("docs-v8.1-list-operation.png") });
    expect((await stat(screenshot("docs-v8.1-list-operation.png"))).size).toBeGreaterThan(10_000);
  });

  it("shows the seed page's VM in v8.1's shape: diskName and totalCount", async () => {
    const list = await openOperation("Virtual Machine Snapshots", "List virtual machine snapshots");
    const vm = listSeed.results[0];
    for (const value of [vm.vmId, vm.name, vm.osDisk.name]) {
      await eventually(() => list.innerText()).toContain(JSON.stringify(value));
    }
    await eventually(() => list.innerText()).toContain('"diskName"');
    await eventually(() => list.innerText()).toContain('"totalCount"');
  });

  it.each([
    [
      "Which version does my appliance speak?",
      "/api-versions",
      ["8.1", "v8.1, v8, v7, v6", "1.0", "detectApiVersion", "vbazure about", "serverVersion", "404"],
    ],
    [
      "From v1 to v8.1",
      "/changes-from-v1",
      [
        "GET /api/v1/virtualMachineSnapshots",
        "GET /api/v8.1/restorePoints/virtualMachines/snapshots",
        "{sessionId}",
        "Offset",
        "202",
        "204",
        "diskName",
        "usn",
        "totalCount",
        "grant_type",
        "Mfa",
      ],
    ],
    [
      "Logging in with MFA",
      "/multi-factor-authentication",
      ["grant_type=Mfa", "mfa_token", "mfa_code", "curl -X POST", "mfaCode", "MfaRequiredError"],
    ],
    ["Pagination", "/pagination", ["Offset", "Limit", "totalCount", "case-sensitive"]],
    ["Errors and retries", "/errors-and-retries", ["application/problem+json", "traceId", "Retry-After"]],
  ])("shows the %s guide", async (title, sectionId, facts) => {
    const guide = await openGuide(title, sectionId);
    for (const fact of facts) await eventually(() => textOf(guide), { message: fact }).toContain(fact);
  });

  it("shows the product table in the version guide, and v1 beside v8.1 in six tables of the From v1 to v8.1 guide", async () => {
    const versions = await openGuide("Which version does my appliance speak?", "/api-versions");
    const rows = (await inEachSection(versions, (section) => cellsOf(section.locator("table tr")))).flat();
    expect(rows.map((cells) => cells.slice(0, 2).join(" | "))).toEqual(
      expect.arrayContaining(["8.1 | v8.1, v8, v7, v6", "8.0 | v8, v7, v6", "1.0 | v1"]),
    );
    const changes = await openGuide("From v1 to v8.1", "/changes-from-v1");
    // Paths, parameters, responses, problem details, login and models: each a table with v1 beside v8.1.
    const headers = (
      await inEachSection(changes, (section) => cellsOf(section.locator("table tr:first-of-type")))
    )
      .flat()
      .filter((cells) => cells.length > 0);
    expect(
      headers.filter((cells) => /^v1\b/.test(cells[1] ?? "") && /^v8\.1\b/.test(cells[2] ?? "")),
    ).toHaveLength(6);
  });

  it("finds batchDeleteVirtualMachineSnapshots with the search and opens the operation from the result", async () => {
    await page.getByTestId("search-trigger").click();
    await page.keyboard.type("several virtual machines");
    const result = page
      .locator('[data-component-name="Search/SearchItem"]')
      .filter({ hasText: "Remove the snapshots of several virtual machines" })
      .first();
    await eventually(() => result.innerText()).toContain(
      "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots",
    );
    await result.click();
    await expect
      .poll(() => page.url())
      .toContain("#/virtual-machine-snapshots/batchdeletevirtualmachinesnapshots");
    await page.keyboard.press("Escape");
  });
});

describe("the version switch", { timeout: 90_000 }, () => {
  it.each(["v8.1", "v1"] as const)(
    "is on the %s page, naming the page's version as current",
    async (version) => {
      await openPage(version);
      const current = versionSwitch().locator('[aria-current="page"]');
      expect(await current.innerText()).toMatch(new RegExp(`^${escapeRegExp(version)}\\b`));
      const other = version === "v8.1" ? "v1" : "v8.1";
      expect(await versionSwitch().getByRole("link").allInnerTexts()).toEqual([
        expect.stringMatching(new RegExp(`^${escapeRegExp(other)}\\b`)),
      ]);
      // In view, and not under Redoc's sidebar: the bar takes the top of the page, and the page starts below it.
      const bar = await versionSwitch().boundingBox();
      const logo = await page.getByTestId("logo").boundingBox();
      expect(bar?.y).toBe(0);
      expect(logo?.y).toBeGreaterThanOrEqual((bar?.y ?? 0) + (bar?.height ?? 0));
    },
  );

  it.each([
    ["v8.1", "#/job-sessions/getjobsession", "v1", "#/job-sessions/getjobsession", "Get a job session"],
    [
      "v1",
      "#/virtual-machine-snapshots/listvirtualmachinesnapshots",
      "v8.1",
      "#/virtual-machine-snapshots/listvirtualmachinesnapshots",
      "List virtual machine snapshots",
    ],
    ["v8.1", "#/pagination", "v1", "#/pagination", "Pagination"],
    ["v1", "#/section/access-tokens", "v8.1", "#/section/access-tokens", "Access tokens"],
    // Places the other version lacks: the nearest place it has, else its top.
    [
      "v8.1",
      "#/virtual-machine-snapshots/batchdeletevirtualmachinesnapshots",
      "v1",
      "#/virtual-machine-snapshots",
      "Virtual Machine Snapshots",
    ],
    [
      "v8.1",
      "#/system/getsysteminfo",
      "v1",
      "",
      "Veeam Backup for Microsoft Azure REST API (v1 VM snapshots)",
    ],
    ["v1", "#/errata", "v8.1", "", "Veeam Backup for Microsoft Azure REST API (v8.1 VM snapshots)"],
  ] as const)("leads from %s at %s to %s at %s", async (from, hash, to, there, heading) => {
    await openPage(from, hash);
    await eventually(() => new URL(page.url()).hash).toBe(hash);
    await versionSwitch()
      .getByRole("link", { name: new RegExp(`^${escapeRegExp(to)}\\b`) })
      .click();
    await hydrated();
    expect(page.url()).toBe(at(`${to}/index.html${there}`));
    await eventually(() => page.getByRole("heading", { name: heading }).first().isVisible(), {
      message: heading,
    }).toBe(true);
    expect(await page.getByText("No page at this address").count()).toBe(0);
  });

  it("follows the reader: after a move inside the page, it leads to the new place", async () => {
    await openPage("v8.1");
    await openOperation("Authentication", "Get an access token");
    await versionSwitch().getByRole("link", { name: /^v1\b/ }).click();
    await hydrated();
    expect(page.url()).toBe(at("v1/index.html#/authentication/createtoken"));
  });

  it.each(["v8.1", "v1"] as const)(
    "knows the places of the %s page: exactly those its sidebar links to",
    async (version) => {
      await openPage(version);
      expect(await sidebarPlaces(specs[version])).toEqual(site.routes[version]);
    },
  );
});

describe("the v1 page in Chromium", { timeout: 60_000 }, () => {
  beforeAll(() => openPage("v1"), 60_000);

  it("lists the two seeded operations and the two supporting ones, and opens each at its path", async () => {
    expect(operationsOf(specs.v1)).toEqual(v1Operations);
    for (const { tag, summary, path } of v1Operations) {
      const section = await openOperation(tag, summary);
      await eventually(() => section.getByRole("heading", { name: summary }).isVisible()).toBe(true);
      await eventually(() => section.innerText(), { message: summary }).toContain(path);
    }
  });

  it("shows every field of VirtualMachineSnapshot in the list response and of JobSession in the delete response", async () => {
    const list = await openOperation("Virtual Machine Snapshots", "List virtual machine snapshots");
    const listBody = list.getByTestId("middle-panel");
    await listBody.getByText("results", { exact: true }).first().click();
    for (const field of Object.keys(specs.v1.components.schemas.VirtualMachineSnapshot.properties)) {
      await expect
        .poll(() => listBody.getByText(field, { exact: true }).first().isVisible(), { message: field })
        .toBe(true);
    }
    const remove = await openOperation("Virtual Machine Snapshots", "Remove a virtual machine's snapshots");
    for (const field of Object.keys(specs.v1.components.schemas.JobSession.properties)) {
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
    await list.screenshot({ path: screenshot("docs-list-operation.png") });
    expect((await stat(screenshot("docs-list-operation.png"))).size).toBeGreaterThan(10_000);

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
    for (const { tag, summary, path } of v1Operations) {
      const section = await openOperation(tag, summary);
      const curl = await sampleIn(section, "curl");
      await expect
        .poll(() => curl.innerText(), { message: summary })
        .toMatch(new RegExp(`^curl .*${escapeRegExp(path.split("{")[0] ?? "")}`, "m"));
      const typescript = await sampleIn(section, "TypeScript");
      await expect
        .poll(() => typescript.innerText(), { message: summary })
        .toContain('from "veeam-azure-client"');
      expect(await typescript.innerText()).toContain('apiVersion: "v1"');
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
    await page.keyboard.press("Escape");
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
    const guide = await openGuide(title, sectionId);
    for (const fact of facts) await eventually(() => textOf(guide)).toContain(fact);
  });
});

describe("every page", { timeout: 60_000 }, () => {
  it.each(["v8.1", "v1"] as const)(
    "shows our logo, served beside the %s page, and the colours of redocly.yaml",
    async (version) => {
      await openPage(version);
      const logo = page.getByTestId("logo").locator("img");
      expect(await logo.evaluate((img: HTMLImageElement) => [img.src, img.naturalWidth > 0])).toEqual([
        at(`${version}/logo.svg`),
        true,
      ]);
      const theme = parse(await readFile(join(root, "redocly.yaml"), "utf8")).openapi.theme;
      const sidebar = await page
        .locator(".menu-content")
        .evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(sidebar).toBe(rgb(theme.sidebar.backgroundColor));
      const link = page.getByRole("link", { name: "openapi.yaml" }).first();
      expect(await link.evaluate((e) => getComputedStyle(e).color)).toBe(rgb(theme.colors.primary.main));
    },
  );

  it("serves only the site as built: a file of an earlier build is gone", async () => {
    expect(existsSync(join(dir, "openapi.yaml"))).toBe(false);
    expect((await page.request.get(at("openapi.yaml"))).status()).toBe(404);
  });

  it.each(["v8.1", "v1"] as const)(
    "offers the %s spec for download, from beside the page",
    async (version) => {
      await openPage(version);
      for (const file of ["openapi.yaml", "openapi.json"]) {
        const link = page.getByRole("link", { name: file }).first();
        expect(await link.getAttribute("href")).toBe(file);
        const served = await page.request.get(at(`${version}/${file}`));
        expect(served.status()).toBe(200);
        expect(await served.text()).toBe(await readFile(join(dir, version, file), "utf8"));
      }
      expect(JSON.parse(await readFile(join(dir, version, "openapi.json"), "utf8"))).toEqual(specs[version]);
    },
  );

  it("made no request off this machine and logged no error, through all of the above", () => {
    for (const path of ["index.html", "v8.1/index.html", "v1/index.html", "v8.1/logo.svg", "v1/logo.svg"]) {
      expect(requested, path).toContain(at(path)); // the recording works, and saw every page
    }
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
