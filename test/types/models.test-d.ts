// The generated types say what the spec says: the seed's nested objects are typed objects, dataDisks an array,
// usn a number, and the open enums accept unknown strings.
import { describe, expectTypeOf, it } from "vitest";
import type {
  DiskSnapshot,
  JobSession,
  JobStatus,
  KnownJobStatus,
  paths,
  VirtualMachineSnapshot,
  VirtualMachineSnapshotsPage,
} from "../../src/index.js";

type ListResponse =
  paths["/api/v1/virtualMachineSnapshots"]["get"]["responses"][200]["content"]["application/json"];
type Snapshot = ListResponse["results"][0];

describe("model types", () => {
  it("results[0].osDisk.diskId is a string", () => {
    expectTypeOf<NonNullable<Snapshot["osDisk"]>["diskId"]>().toEqualTypeOf<string>();
    expectTypeOf<ListResponse>().toEqualTypeOf<VirtualMachineSnapshotsPage>();
  });

  it("dataDisks is an array of DiskSnapshot, not a string", () => {
    expectTypeOf<VirtualMachineSnapshot["dataDisks"]>().toEqualTypeOf<DiskSnapshot[] | undefined>();
    expectTypeOf<VirtualMachineSnapshot["dataDisks"]>().not.toEqualTypeOf<string | undefined>();
  });

  it("usn is a number", () => {
    expectTypeOf<JobSession["usn"]>().toEqualTypeOf<number | undefined>();
  });

  it("required fields are not optional", () => {
    expectTypeOf<VirtualMachineSnapshot["vmId"]>().toEqualTypeOf<string>();
    expectTypeOf<JobSession["id"]>().toEqualTypeOf<string>();
    expectTypeOf<VirtualMachineSnapshotsPage["results"]>().toEqualTypeOf<VirtualMachineSnapshot[]>();
  });

  it("a session status may be a known value or any other string", () => {
    expectTypeOf<"Success">().toExtend<KnownJobStatus>();
    expectTypeOf<"Paused">().toExtend<JobStatus>();
    expectTypeOf<JobSession["status"]>().toEqualTypeOf<string>();
    expectTypeOf<JobSession["executionStopTime"]>().toEqualTypeOf<string | null | undefined>();
  });
});
