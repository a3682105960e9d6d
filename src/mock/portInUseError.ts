// The one failure to start a mock that an operator meets often: something else listens on the port. Its own
// class, so that `vbazure mock` can print it as one line and a test can tell it from a broken start.

/**
 * A mock appliance could not listen because the port is taken on that interface. The message names both and
 * what to do: `port 4010 on 127.0.0.1 is in use: pick another port, or 0 for any free one`.
 *
 * @example
 * ```ts
 * try { await startMockAppliance({ port: 4010 }); }
 * catch (error) { if (error instanceof PortInUseError) console.error(error.message); else throw error; }
 * ```
 */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  /** Node's code for an address in use. */
  readonly code = "EADDRINUSE";
  /** The port that is taken. @example 4010 */
  readonly port: number;
  /** The interface it is taken on. @example "127.0.0.1" */
  readonly host: string;

  constructor(port: number, host: string, options?: ErrorOptions) {
    super(`port ${port} on ${host} is in use: pick another port, or 0 for any free one`, options);
    this.port = port;
    this.host = host;
  }
}
