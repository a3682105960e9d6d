// The appliance's address: an http(s) origin (optionally with a path prefix, for a reverse proxy), never with
// credentials in it, and never plain http to anything but this machine unless the caller insists.

const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const example = "such as https://abc.ukwest.cloudapp.azure.com";

/**
 * Checks `baseUrl` and returns it without a trailing slash, or throws a TypeError that says how to fix it.
 *
 * @example
 * ```ts
 * parseBaseUrl("https://abc.ukwest.cloudapp.azure.com/", false); // "https://abc.ukwest.cloudapp.azure.com"
 * ```
 */
export function parseBaseUrl(baseUrl: unknown, allowInsecureHttp: boolean): string {
  if (typeof baseUrl !== "string" || baseUrl === "") {
    throw new TypeError(`baseUrl is required, ${example}`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl ${JSON.stringify(baseUrl)} is not a URL; give one ${example}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`baseUrl must be an https:// URL, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new TypeError("baseUrl must not contain a user name or password; use `credentials` or `token`");
  }
  if (url.search || url.hash) throw new TypeError("baseUrl must not have a query or fragment");
  if (/\/api\/v\d/.test(url.pathname)) {
    throw new TypeError(`baseUrl is the appliance's origin (${url.origin}); the paths already carry /api/v1`);
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !loopback.test(url.hostname)) {
    throw new TypeError(
      `refusing plain http to ${url.hostname}: secrets would travel unencrypted; use https (\`ca\` trusts a self-signed certificate) or allowInsecureHttp: true`,
    );
  }
  return url.href.replace(/\/+$/, "");
}
