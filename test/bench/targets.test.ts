import { describe, expect, it } from "vitest";
import { defaultTargetName, FIXTURE_TARGET, loadTargets, selectedTarget } from "./targets.js";

describe("the bench targets", () => {
  it("finds every module of ./targets/ by file name, the kit's fixture among them", async () => {
    const targets = await loadTargets();
    expect(targets.get(FIXTURE_TARGET)?.name).toBe("fixture.v1.FixtureService GetNote");
    for (const target of targets.values()) expect(target.grpcMethod.methodKind).toBe("unary");
  });

  it("defaults to the service's own target, and to the fixture when there is none", () => {
    expect(defaultTargetName(["api", FIXTURE_TARGET])).toBe("api");
    expect(defaultTargetName([FIXTURE_TARGET])).toBe(FIXTURE_TARGET);
  });

  it("names the known targets for an unknown BENCH_TARGET", async () => {
    await expect(selectedTarget("nope")).rejects.toThrow(/BENCH_TARGET=nope: no such target \(known: .*fixture/);
  });
});
