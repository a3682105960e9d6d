// The names of the connection profiles, for shell completion to offer after --profile. Profiles are not built yet
// (another part of issue 14): this is the hook they fill in; until then there are none.

/**
 * The profile names completion offers after `--profile` (none until profiles exist).
 *
 * @example
 * ```ts
 * profileNames(); // []
 * ```
 */
export function profileNames(): string[] {
  return [];
}
