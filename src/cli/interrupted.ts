/**
 * The operator stopped the command (Ctrl-C or SIGTERM); requests and waits under way are aborted with it. The CLI
 * exits with 130, the shells' code for an interrupted command.
 *
 * @example
 * ```ts
 * process.once("SIGINT", () => controller.abort(new Interrupted("SIGINT")));
 * ```
 */
export class Interrupted extends Error {
  override name = "Interrupted";

  constructor(signal: string) {
    super(`interrupted (${signal})`);
  }
}
