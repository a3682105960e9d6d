// What the benchmarks compare: this client as users get it (the built dist/), and the alternatives a user
// would otherwise write or install, each doing the same work: one authenticated GET of a page, body parsed.
// Everything speaks API v8.1 (the client's default), but for one row of the client speaking v1.
import axios from "axios";
import ky from "ky";
import createOpenApiClient from "openapi-fetch";
import type { paths } from "../src/generated/v8_1.js";
import type * as Package from "../src/index.js";
import { listPaths } from "./data.js";

/** The v8.1 list path, which every contender but the v1 client's row requests. */
export const listPath = listPaths["v8.1"];
export const token = "bench-token";
const headers = { Authorization: `Bearer ${token}` };

interface Page {
  totalCount?: number | null;
  results: unknown[];
}

/** One request for the page at `offset` (`limit` items), resolving with the parsed body. */
export type GetPage = (offset: number, limit: number) => Promise<Page>;

/** The v8.1 URL of the page at `offset`: the query names capitalised, as the appliance reads them. */
const pageUrl = (baseUrl: string, offset: number, limit: number) =>
  `${baseUrl}${listPath}?Offset=${offset}&Limit=${limit}`;

/** The names of the per-request contenders that run.ts refers to. */
export const perRequestNames = {
  baseline: "raw `fetch` + `res.json()`",
  ours: "**veeam-azure-client** (auth, retry, timeout)",
  oursV1: '**veeam-azure-client**, `apiVersion: "v1"` (the v1 page)',
  bare: "bare `openapi-fetch`",
  ky: "`ky` 1.x",
  axios: "`axios`",
} as const;

/**
 * The per-request contenders, raw fetch of the v8.1 page first: it is the baseline, and the limit. The v1
 * client's row requests the v1 page (v1's path and lower-case query names), served by the same server.
 */
export function perRequestContenders(lib: typeof Package, baseUrl: string): Record<string, GetPage> {
  // Every policy on: a bearer token, retries (3 attempts) and the per-attempt timeout (30 s), as by default.
  const client = lib.createClient({ baseUrl, token });
  const v1Client = lib.createClient({ baseUrl, token, apiVersion: "v1" });
  const bare = createOpenApiClient<paths>({ baseUrl });
  const url = (offset: number, limit: number) => pageUrl(baseUrl, offset, limit);
  const names = perRequestNames;
  return {
    [names.baseline]: async (offset, limit) => {
      const response = await fetch(url(offset, limit), { headers });
      if (!response.ok) throw new Error(`${response.status}`);
      return (await response.json()) as Page;
    },
    [names.ours]: (offset, limit) => client.getVirtualMachineSnapshotsPage({ offset, limit }),
    [names.oursV1]: (offset, limit) => v1Client.getVirtualMachineSnapshotsPage({ offset, limit }),
    [names.bare]: async (offset, limit) => {
      const { data, error } = await bare.GET(listPath, {
        params: { query: { Offset: offset, Limit: limit } },
        headers,
      });
      if (!data) throw new Error(String(error));
      return data;
    },
    // ky and axios as installed, with their own defaults (ky: 2 retries and a 10 s timeout; axios: neither).
    [names.ky]: (offset, limit) => ky.get(url(offset, limit), { headers }).json<Page>(),
    [names.axios]: async (offset, limit) => (await axios.get<Page>(url(offset, limit), { headers })).data,
  };
}

/**
 * The naive loop a user would write without the client: one v8.1 page after another, raw fetch. It stops as the
 * client's listing does: once the items received reach the page's `totalCount`, or on an empty page (where the
 * appliance gives no count). So, like the client, it does not ask for the empty page past the end that v1's
 * pages, which have no count, needed; and a short page alone does not end it, since a capped page is short too.
 */
export async function* naiveListing(baseUrl: string, pageSize: number): AsyncGenerator<unknown> {
  for (let offset = 0; ; ) {
    const response = await fetch(pageUrl(baseUrl, offset, pageSize), { headers });
    if (!response.ok) throw new Error(`${response.status}`);
    const page = (await response.json()) as Page;
    if (page.results.length === 0) return;
    yield* page.results;
    offset += page.results.length;
    if (typeof page.totalCount === "number" && offset >= page.totalCount) return;
  }
}
