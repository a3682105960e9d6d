// The `veeam-azure-client/mock` entry: the mock appliances for tests, Node only. Only re-exports. What they
// need beyond the client (Prism for the static mock) are optional peer dependencies, loaded when a mock starts,
// never by the client entry.
export {
  bundledSpecPath,
  bundledSpecPaths,
  type ExamplesMock,
  type ExamplesMockOptions,
  startExamplesMock,
} from "./examples.js";
