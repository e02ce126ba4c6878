// .github/workflows/ci.yml, the CI the kit gives its users: valid against the
// GitHub workflow JSON schema (vendored from SchemaStore, see test/schemas/),
// on the Node version of .nvmrc, and running every check the kit promises.
import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { SERVICE_NAME } from "./support/service-name.js";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  services?: Record<string, { image: string }>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  jobs: Record<string, Job>;
}

const schema = JSON.parse(readFileSync("test/schemas/github-workflow.json", "utf8")) as object;
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

function problems(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

const workflow = parse(readFileSync(".github/workflows/ci.yml", "utf8")) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const commands = steps.map((step) => step.run ?? "").join("\n");

describe(".github/workflows/ci.yml", () => {
  it("is valid against the GitHub workflow schema", () => {
    expect(problems(workflow)).toEqual([]);
  });

  it("is checked by a schema that catches mistakes", () => {
    const broken = structuredClone(workflow) as unknown as { jobs: Record<string, Record<string, unknown>> };
    broken.jobs.lint!["runs_on"] = broken.jobs.lint!["runs-on"];
    delete broken.jobs.lint!["runs-on"];
    expect(problems(broken).length).toBeGreaterThan(0);
    expect(problems({ on: "push" })).not.toEqual([]);
  });

  it("sets up Node from .nvmrc, which names Node 24", () => {
    expect(readFileSync(".nvmrc", "utf8").trim()).toBe("24");
    for (const step of steps.filter((s) => s.uses?.startsWith("actions/setup-node"))) {
      expect(step.with?.["node-version-file"]).toBe(".nvmrc");
    }
    expect(steps.filter((s) => s.uses?.startsWith("actions/setup-node")).length).toBe(
      Object.keys(workflow.jobs).length,
    );
  });

  it("lints, checks codegen drift, builds the image and runs the compose e2e tests", () => {
    expect(commands).toContain("make lint");
    expect(commands).toMatch(/make api\s+git diff --exit-code/);
    expect(commands).toContain("npx dockerfile-utils lint Dockerfile");
    expect(commands).toContain(`docker build -t ${SERVICE_NAME}:local .`);
    expect(commands).toContain("make compose-test");
  });

  it("runs the tests with PostgreSQL, Redis and NATS", () => {
    const job = Object.values(workflow.jobs).find((j) => j.steps.some((s) => s.run === "make test"))!;
    expect(Object.values(job.services ?? {}).map((s) => s.image)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^postgres:/), expect.stringMatching(/^redis:/)]),
    );
    expect(job.steps.map((s) => s.run ?? "").join("\n")).toMatch(/nats:2 -js/);
    expect(job.env).toMatchObject({
      DATABASE_URL: expect.stringMatching(/^postgres:\/\//),
      REDIS_URL: expect.stringMatching(/^redis:\/\//),
      NATS_URL: expect.stringMatching(/^nats:\/\//),
    });
  });
});
