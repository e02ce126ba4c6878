// `make new-api NAME=<lower_snake> RESOURCE=<PascalCase> [PLURAL=<lower>]`:
// writes a new API (its contract, every layer, its test), registers it in
// internal/apis/registered.ts, runs the code generators and prints what it wrote.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { KIT_MIGRATIONS } from "../../internal/data/migrations/index.js";
import { runCommand } from "./cli.js";
import { BUF_WORKSPACE } from "./new-api/buf-module.js";
import { nextMigrationNumber } from "./new-api/migration-number.js";
import { REGISTRY } from "./new-api/outputs.js";
import { planNewApi } from "./new-api/plan.js";
import { writeNewApi } from "./new-api/write.js";
import { apiNames, NameError } from "./names.js";

const USAGE =
  "usage: make new-api NAME=<lower_snake> RESOURCE=<PascalCase> [PLURAL=<lower>] (e.g. NAME=billing RESOURCE=Invoice)";

await runCommand(async () => {
  const root = process.cwd();
  const [name = "", resource = "", plural = ""] = process.argv.slice(2);
  if (name === "" || resource === "") throw new NameError(USAGE);
  const names = apiNames(name, resource, plural === "" ? undefined : plural);
  const plan = await planNewApi(root, names, nextMigrationNumber(root, Object.keys(KIT_MIGRATIONS)));
  writeNewApi(root, plan);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const { data } = plan;
  out(`new API ${data.api}.v1.${data.service} (${data.resource}, /v1/${data.plural}):`);
  for (const { path } of plan.files) out(`  wrote ${path}`);
  out(`  appended ${plan.registration.trim()} to ${REGISTRY}`);
  if (plan.workspace !== undefined) out(`  added the api module to ${BUF_WORKSPACE}`);

  const generate = spawnSync("make", ["--no-print-directory", "api"], { cwd: root, stdio: "inherit" });
  if (generate.status !== 0) throw new Error("make api failed: the files above are written, the generated code is not");
  const proto = `${data.api}.proto`;
  const dir = join("api", data.api, "v1");
  out("generated (make api):");
  for (const file of readdirSync(join(root, dir))
    .filter((f) => f !== proto)
    .sort())
    out(`  wrote ${join(dir, file)}`);
  out("  regenerated api/openapi.json");
  out("next: make lint && make test; then make run and try");
  out(`  curl -s localhost:8000/v1/${data.plural} -H 'content-type: application/json' -d '{"displayName":"first"}'`);
  out(`  make call RPC=${data.api}.v1.${data.service}/List${data.pluralPascal}`);
});
