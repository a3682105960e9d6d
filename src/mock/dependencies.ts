// The mock's own dependencies, loaded when a mock is created, never by the client entry: they are optional peer
// dependencies of the package, like Prism for the examples mock. A missing one is an error with the install
// command, not a bare "Cannot find package".

/**
 * A mock dependency that is not installed. Its message has the install command.
 *
 * @example
 * ```ts
 * try { await createMockAppliance(); }
 * catch (error) { if (error instanceof MockDependencyError) console.error(error.message); else throw error; }
 * ```
 */
export class MockDependencyError extends Error {
  /** Always `"ERR_MOCK_DEPENDENCY"`. */
  readonly code = "ERR_MOCK_DEPENDENCY";
  /** The missing package's name. */
  readonly packageName: string;

  /** An error saying how to install `packageName` (at `range`). */
  constructor(packageName: string, range: string, cause: unknown) {
    super(
      `The mock appliance needs ${packageName}, an optional peer dependency of veeam-azure-client: install it ` +
        `with \`npm install --save-dev ${packageName}@${range}\``,
      { cause },
    );
    this.name = "MockDependencyError";
    this.packageName = packageName;
  }
}

async function load<T>(packageName: string, range: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new MockDependencyError(packageName, range, cause);
    }
    throw cause;
  }
}

/**
 * openapi-backend (routing and validation from the specs). 5.20.x: 5.21 needs Node 22.
 *
 * @example
 * ```ts
 * const { OpenAPIBackend } = await loadOpenApiBackend();
 * ```
 */
export const loadOpenApiBackend = () => load("openapi-backend", "~5.20.1", () => import("openapi-backend"));

/**
 * A Faker instance of the mock's own, with only the English locale (the generated inventory).
 *
 * @example
 * ```ts
 * const { faker } = await loadFaker();
 * ```
 */
export const loadFaker = () =>
  load("@faker-js/faker", "^10.6.0", async () => {
    const { faker: shared } = await import("@faker-js/faker/locale/en");
    // A Faker of the mock's own, with the English definitions: seeding the module's shared instance would
    // change what a test's own `faker` draws. (The package's main entry, which exports the class, loads every
    // locale; the English one alone is a tenth of that.)
    const FakerClass = shared.constructor as new (options: {
      locale: typeof shared.rawDefinitions;
    }) => typeof shared;
    return { faker: new FakerClass({ locale: shared.rawDefinitions }) };
  });
