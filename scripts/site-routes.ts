// The addresses of a reference page's places, as Redoc 3 names them in the URL's fragment (`#/job-sessions/
// getjobsession`): its sections, tags, guides and operations. The version switch needs them to send a reader to
// the same place in the other version, and only where that place exists: Redoc shows a 404 page for a fragment
// it does not know. Redoc computes these names in the browser; this computes the same from the bundled spec, and
// the browser test (test/docs/site.test.ts) compares the two for every page, so a change in Redoc's naming fails
// there instead of sending readers to its 404.

/** The parts of a bundled OpenAPI document that name a page's places. */
export interface RoutedSpec {
  info: { description?: string | undefined };
  tags?: readonly { name: string; description?: string | undefined }[] | undefined;
  paths: Record<string, Record<string, unknown>>;
}

// What slugify, the package Redoc 3 names its places with, writes for these characters (its default charmap);
// every other ASCII character it keeps or removes as `slug` does below.
const words: Record<string, string> = {
  $: "dollar",
  "%": "percent",
  "&": "and",
  "<": "less",
  ">": "greater",
  "|": "or",
};

/**
 * The name Redoc 3 gives a heading, tag or operation id in a URL fragment: slugify's defaults (characters
 * other than letters, digits, white space and `$*_+~.()'"!-:@` removed, white space runs made one `-`), then
 * lower case. Only ASCII text is accepted: slugify transliterates other characters through a table of its own,
 * which this does not copy.
 *
 * @example
 * ```ts
 * slug("429 and 503: retry later"); // "429-and-503:-retry-later"
 * ```
 */
export function slug(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (!/^[\x00-\x7f]*$/.test(text)) {
    throw new RangeError(
      `"${text}" has a character outside ASCII, whose name in Redoc's URLs scripts/site-routes.ts does not ` +
        "compute: write the heading, tag or operation id in ASCII",
    );
  }
  return [...text]
    .map((char) => (char === "-" ? " " : (words[char] ?? char)))
    .join("")
    .replace(/[^\w\s$*_+~.()'"!\-:@]+/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .toLowerCase();
}

// The `## ` and `### ` headings of a Markdown text, outside code blocks: Redoc 3 gives each a place of its own,
// side by side (a `### ` heading's place is not inside its `## ` heading's).
function headings(markdown: string | undefined): string[] {
  const found: string[] = [];
  let fenced = false;
  for (const line of (markdown ?? "").split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^#{2,3} +(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (!heading) continue;
    // Redoc leaves code out of a heading's place (and its sidebar label): "With `ca`" would be "/with".
    if (heading.includes("`")) {
      throw new RangeError(
        `the heading "${heading}" has code in it, which Redoc leaves out of its name in the sidebar and the URL: ` +
          "say it in words",
      );
    }
    found.push(heading);
  }
  return found;
}

const methods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * Every place of the reference page of `spec`, as the path in its URL fragment (`/` is the top of the page): the
 * introduction's sections (`/section/<heading>`), each tag and each `## ` or `### ` heading of its description
 * (`/<tag>/<heading>`), and each operation (`/<tag>/<operationid>`).
 *
 * @example
 * ```ts
 * routesOf(spec).has("/job-sessions/getjobsession"); // true
 * ```
 */
export function routesOf(spec: RoutedSpec): Set<string> {
  const routes = new Set(["/"]);
  for (const heading of headings(spec.info.description)) routes.add(`/section/${slug(heading)}`);
  for (const tag of spec.tags ?? []) {
    routes.add(`/${slug(tag.name)}`);
    for (const heading of headings(tag.description)) routes.add(`/${slug(tag.name)}/${slug(heading)}`);
  }
  for (const item of Object.values(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!methods.has(method)) continue;
      const { operationId, tags } = operation as { operationId?: string; tags?: string[] };
      const [tag] = tags ?? [];
      if (operationId === undefined || tag === undefined) {
        throw new Error(
          `${method.toUpperCase()} operation without ${operationId === undefined ? "an operationId" : "a tag"}: ` +
            "the reference page names its place after both (redocly.yaml's lint rules require them)",
        );
      }
      routes.add(`/${slug(tag)}/${slug(operationId)}`);
    }
  }
  return routes;
}
