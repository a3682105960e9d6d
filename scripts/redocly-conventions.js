// Redocly plugin: this project's spec conventions that no built-in or configurable rule expresses.
// - property-documented: each property of every schema carries a description and an example, whether it is a
//   scalar, an array or a reference to a named schema (whose own description and examples then count).
// - named-schema-documented: each named schema (a file under components/schemas, referenced by file, so the
//   built-in NamedSchemas visitor never sees it) has a title and a description. Whole-object examples of response
//   schemas belong on the media types, not the schema: Prism would serve a schema-level example in place of the
//   operation's first named example.

function documented(schema, resolve) {
  const own = schema ?? {};
  const target = own.$ref ? (resolve(own).node ?? {}) : own;
  const has = (key) => own[key] !== undefined || target[key] !== undefined;
  return { description: has("description"), example: has("example") || has("examples") };
}

function PropertyDocumented() {
  return {
    SchemaProperties(properties, { report, location, resolve }) {
      for (const [name, schema] of Object.entries(properties)) {
        const found = documented(schema, resolve);
        if (!found.description) {
          report({
            message: `Property "${name}" needs a description.`,
            location: location.child(name).key(),
          });
        }
        if (!found.example) {
          report({ message: `Property "${name}" needs an example.`, location: location.child(name).key() });
        }
      }
    },
  };
}

function NamedSchemaDocumented() {
  return {
    Schema(schema, { report, location }) {
      if (location.pointer !== "#/") return;
      for (const key of ["title", "description"].filter((k) => schema[k] === undefined)) {
        report({ message: `Named schema needs a "${key}".`, location: location.key() });
      }
    },
  };
}

export default function conventionsPlugin() {
  return {
    id: "conventions",
    rules: {
      oas3: {
        "property-documented": PropertyDocumented,
        "named-schema-documented": NamedSchemaDocumented,
      },
    },
  };
}
