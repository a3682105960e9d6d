// Trusting an appliance's own certificate (appliances ship with a self-signed one) without turning TLS
// verification off: a fetch whose connections trust the given certificate authorities, and only them, like
// curl's --cacert. Node.js only.
//
// Node's global fetch takes no CA list; it needs an undici dispatcher. A dispatcher from the npm `undici` package
// handed to the built-in fetch breaks whenever the two undici majors disagree on the handler protocol, so the
// dispatcher and the fetch both come from the npm package. undici is imported at the first request, never before:
// the client entry imports only openapi-fetch at run time, and an application that never passes `ca` never loads
// undici. The client loads this module itself only then too (see options.ts), so that a browser bundle of the
// client carries none of it; the option is checked before, by `requireCa` (ca.ts).
import type { Fetch } from "./fetchTransport.js";

type Undici = typeof import("undici");

// A variable rather than a literal: bundlers leave `import(name)` alone, so a browser bundle of the client does
// not pull in undici (and its Node built-ins); the browser never reaches this code (see `requireCa` in ca.ts).
const undiciModule = "undici";

/**
 * Makes a `fetch` (Node.js only) whose TLS connections trust the certificate authorities `ca` (PEM texts, as
 * returned by `requireCa`) instead of the runtime's built-in list. Verification stays on: a server whose
 * certificate none of them issued, or whose certificate does not name the host, is refused. undici is loaded on
 * the first call.
 *
 * @example
 * ```ts
 * const fetch = createTlsFetch(requireCa(readFileSync("appliance.pem", "utf8")));
 * const response = await fetch("https://appliance.local/api/v1/jobSessions/8", { method: "GET" });
 * ```
 */
export function createTlsFetch(ca: readonly string[]): Fetch {
  let loaded: Promise<{ fetch: Undici["fetch"]; dispatcher: InstanceType<Undici["Agent"]> }> | undefined;
  const load = async () => {
    let undici: Undici;
    try {
      undici = await import(/* @vite-ignore */ /* webpackIgnore: true */ undiciModule);
    } catch (error) {
      // No `cause`: the attempt reports a failed fetch by its cause's message, and this one says what to do.
      throw new Error(`\`ca\` needs the undici package (npm install undici@7): ${String(error)}`);
    }
    return { fetch: undici.fetch, dispatcher: new undici.Agent({ connect: { ca: [...ca] } }) };
  };
  return async (url, init) => {
    loaded ??= load();
    const { fetch, dispatcher } = await loaded;
    // The request as its parts (undici's fetch accepts only its own Request class). The bodies this API sends
    // are small forms, already read whole by the pipeline, so no stream crosses between the two implementations.
    // Its Response implements the same standard; the transport (fetchTransport.ts) makes a global one of it.
    const response = await fetch(url, {
      ...(init as Parameters<Undici["fetch"]>[1]),
      headers: [...new Headers(init.headers)],
      dispatcher,
    });
    return response as unknown as Response;
  };
}
