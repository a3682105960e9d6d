import type { Client } from "openapi-fetch";
import type { paths } from "../generated/v1.js";

/** The typed `openapi-fetch` client of API v1: every path, method, parameter and body checked by TypeScript. */
export type TransportV1 = Client<paths>;
