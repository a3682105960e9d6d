// Where a mock listens: the port option, checked before anything starts, and the origin clients use.

/**
 * `port` when it is one a server can listen on (0 picks a free one); else a RangeError that says so.
 *
 * @example
 * ```ts
 * const port = checkedPort(options.port ?? 4010);
 * ```
 */
export function checkedPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  return port;
}

/**
 * `http://host:port`, an IPv6 address in brackets.
 *
 * @example
 * ```ts
 * httpOrigin("::1", 4010); // "http://[::1]:4010"
 * ```
 */
export function httpOrigin(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
