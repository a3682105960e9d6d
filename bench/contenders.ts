// What the benchmarks compare: this client as users get it (the built dist/), and the alternatives a user
// would otherwise write or install, each doing the same work: one authenticated GET of a page, body parsed.
import axios from "axios";
import ky from "ky";
import createOpenApiClient from "openapi-fetch";
import type { paths } from "../src/generated/v1.js";
import type * as Package from "../src/index.js";

export const listPath = "/api/v1/virtualMachineSnapshots";
export const token = "bench-token";
const headers = { Authorization: `Bearer ${token}` };

interface Page {
  results: unknown[];
}

/** One request for the page at `offset` (`limit` items), resolving with the parsed body. */
export type GetPage = (offset: number, limit: number) => Promise<Page>;

/** The per-request contenders, raw fetch first: it is the baseline, and the limit. */
export function perRequestContenders(lib: typeof Package, baseUrl: string): Record<string, GetPage> {
  // Every policy on: a bearer token, retries (3 attempts) and the per-attempt timeout (30 s), as by default.
  const client = lib.createClient({ baseUrl, token });
  const bare = createOpenApiClient<paths>({ baseUrl });
  const url = (offset: number, limit: number) => `${baseUrl}${listPath}?offset=${offset}&limit=${limit}`;
  return {
    "raw `fetch` + `res.json()`": async (offset, limit) => {
      const response = await fetch(url(offset, limit), { headers });
      if (!response.ok) throw new Error(`${response.status}`);
      return (await response.json()) as Page;
    },
    "**veeam-azure-client** (auth, retry, timeout)": (offset, limit) =>
      client.getVirtualMachineSnapshotsPage({ offset, limit }),
    "bare `openapi-fetch`": async (offset, limit) => {
      const { data, error } = await bare.GET(listPath, { params: { query: { offset, limit } }, headers });
      if (!data) throw new Error(String(error));
      return data;
    },
    // ky and axios as installed, with their own defaults (ky: 2 retries and a 10 s timeout; axios: neither).
    "`ky` 1.x": (offset, limit) => ky.get(url(offset, limit), { headers }).json<Page>(),
    "`axios`": async (offset, limit) => (await axios.get<Page>(url(offset, limit), { headers })).data,
  };
}

/** The naive loop a user would write without the client: one page after another, raw fetch. */
export async function* naiveListing(baseUrl: string, pageSize: number): AsyncGenerator<unknown> {
  for (let offset = 0; ; ) {
    const response = await fetch(`${baseUrl}${listPath}?offset=${offset}&limit=${pageSize}`, { headers });
    if (!response.ok) throw new Error(`${response.status}`);
    const page = (await response.json()) as Page;
    yield* page.results;
    offset += page.results.length;
    if (page.results.length < pageSize) return;
  }
}
