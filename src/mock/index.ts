// The `veeam-azure-client/mock` entry: the mock appliances for tests, Node only. Only re-exports. What they
// need beyond the client are optional peer dependencies, loaded when a mock is created, never by the client
// entry: openapi-backend and @faker-js/faker for the stateful mock, Prism (and yaml for a YAML spec) for the
// static one.
export { createMockAppliance, MockResponseError } from "./appliance.js";
export { MockDependencyError } from "./dependencies.js";
export {
  bundledSpecPath,
  bundledSpecPaths,
  type ExamplesMock,
  type ExamplesMockOptions,
  startExamplesMock,
} from "./examples.js";
export { PortInUseError } from "./portInUseError.js";
export {
  type MockListenOptions,
  type MockServer,
  type MockServerOptions,
  serveMockAppliance,
  startMockAppliance,
} from "./server.js";
export type * from "./types.js";
