import type { Client } from "openapi-fetch";
import type { CurrentApiVersion } from "../core/apiVersion.js";
import type { paths } from "../generated/v8_1.js";

/**
 * The v8.1 paths under the prefix of `V`: v6, v7 and v8 serve the v8.1 operations under their own prefix
 * (`/api/v8/restorePoints/...`); the token operation stays unversioned.
 */
export type PathsOf<V extends CurrentApiVersion> = {
  [K in keyof paths as K extends `/api/v8.1/${infer Rest}` ? `/api/${V}/${Rest}` : K]: paths[K];
};

/** The typed `openapi-fetch` client of API `V` (v6 to v8.1): every path, method, parameter and body checked. */
export type TransportV8_1<V extends CurrentApiVersion = "v8.1"> = Client<PathsOf<V>>;
