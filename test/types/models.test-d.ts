// The generated types say what each spec says. v1: the seed's nested objects are typed objects, dataDisks an
// array, usn a number, and the open enums accept unknown strings.
import { describe, expectTypeOf, it } from "vitest";
import type { v1, v8_1 } from "../../src/index.js";

type DiskSnapshot = v1.DiskSnapshot;
type JobSession = v1.JobSession;
type JobStatus = v1.JobStatus;
type KnownJobStatus = v1.KnownJobStatus;
type paths = v1.paths;
type VirtualMachineSnapshot = v1.VirtualMachineSnapshot;
type VirtualMachineSnapshotsPage = v1.VirtualMachineSnapshotsPage;

type ListResponse =
  paths["/api/v1/virtualMachineSnapshots"]["get"]["responses"][200]["content"]["application/json"];
type Snapshot = ListResponse["results"][0];

describe("v1 model types", () => {
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

type ListV8_1 =
  v8_1.paths["/api/v8.1/restorePoints/virtualMachines/snapshots"]["get"]["responses"][200]["content"]["application/json"];

describe("v8.1 model types", () => {
  it("the list's page is the page model, with totalCount", () => {
    expectTypeOf<ListV8_1>().toEqualTypeOf<v8_1.VirtualMachineSnapshotsPage>();
    expectTypeOf<v8_1.VirtualMachineSnapshotsPage["totalCount"]>().toEqualTypeOf<number | null | undefined>();
  });

  it("a disk snapshot is { diskId, diskName }, and a session has no usn", () => {
    expectTypeOf<keyof v8_1.DiskSnapshot>().toEqualTypeOf<"diskId" | "diskName">();
    expectTypeOf<v8_1.JobSession>().not.toHaveProperty("usn");
  });

  it("a session status may be a known v8.1 value or any other string", () => {
    expectTypeOf<"NeverExecuted">().toExtend<v8_1.KnownJobStatus>();
    expectTypeOf<"Paused">().toExtend<v8_1.JobStatus>();
  });

  it("the token answer may be the MFA challenge, without an access token", () => {
    expectTypeOf<{ mfa_enabled: true; mfa_token: string; expires_in: 0 }>().toExtend<v8_1.TokenResponse>();
  });
});
