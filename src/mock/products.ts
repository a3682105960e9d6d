// Which API versions a product release serves (versions.md, "Which appliance serves which API version"), and the
// product version its `system/about` reports. v5 and older are not modelled: the package has no spec for them.
import type { ApiVersion } from "../core/apiVersion.js";
import type { MockProduct } from "./types.js";

interface Product {
  /** Newest first. */
  apiVersions: readonly ApiVersion[];
  /** What `GET /api/<v6+>/system/about` answers as `serverVersion` (made up; the build numbers are examples). */
  serverVersion: string;
}

const products: Readonly<Record<MockProduct, Product>> = {
  "8.1": { apiVersions: ["v8.1", "v8", "v7", "v6"], serverVersion: "8.1.0.32" },
  "8.0": { apiVersions: ["v8", "v7", "v6"], serverVersion: "8.0.0.19" },
  "7.0": { apiVersions: ["v7", "v6"], serverVersion: "7.0.0.41" },
  "1.0": { apiVersions: ["v1"], serverVersion: "1.0.0.1163" },
};

/** Every version the package has a spec for: what a mock of no particular product serves. */
const everyVersion: Product = { apiVersions: ["v8.1", "v8", "v7", "v6", "v1"], serverVersion: "8.1.0.32" };

/**
 * The versions `product` serves and the product version it reports; `undefined` for every version.
 *
 * @example
 * ```ts
 * productOf("7.0").apiVersions; // ["v7", "v6"]
 * ```
 */
export function productOf(product: unknown): Product {
  if (product === undefined) return everyVersion;
  if (typeof product === "string" && Object.hasOwn(products, product))
    return products[product as MockProduct];
  throw new TypeError(
    `createMockAppliance: product must be one of ${Object.keys(products)
      .map((p) => `"${p}"`)
      .join(", ")} ` + `(or left out for every version), got ${JSON.stringify(product)}`,
  );
}
