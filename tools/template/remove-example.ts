// `make remove-example`: deletes the example API (every file whose path names
// it) and its registration line, so the service serves only its own APIs.
// The Makefile then regenerates api/ (make api). Running it again is harmless.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./cli.js";
import { EXAMPLE, exampleFiles, hasProtos, readText, withoutExampleExports } from "./example.js";
import { BUF_WORKSPACE, withoutBufModule } from "./new-api/buf-module.js";
import { REGISTRY } from "./new-api/outputs.js";

await runCommand(() => {
  const root = process.cwd();
  const files = exampleFiles(root);
  if (files.length === 0) {
    process.stdout.write(`the ${EXAMPLE} example is gone already: nothing to do\n`);
    return;
  }
  for (const path of files) rmSync(join(root, path));
  const edited: string[] = [];
  const registered = readText(root, REGISTRY);
  const unregistered = withoutExampleExports(registered);
  if (unregistered !== registered) {
    writeFileSync(join(root, REGISTRY), unregistered);
    edited.push(REGISTRY);
  }
  if (!hasProtos(join(root, "api"))) {
    const workspace = readText(root, BUF_WORKSPACE);
    const withoutApi = withoutBufModule(workspace, "api");
    if (withoutApi !== workspace) {
      writeFileSync(join(root, BUF_WORKSPACE), withoutApi);
      edited.push(`${BUF_WORKSPACE} (no api module until an API is added: buf refuses an empty one)`);
    }
  }
  process.stdout.write(`removed the ${EXAMPLE} example: ${files.length} files\n`);
  for (const path of files) process.stdout.write(`  - ${path}\n`);
  for (const path of edited) process.stdout.write(`  ~ ${path}\n`);
  process.stdout.write(
    [
      "README.md still walks through the example: describe your own API there.",
      "A database that ran the example's migrations now refuses to start (a migration it ran is gone):",
      "make clean-data for make run's embedded one; a new database, or drop the example's tables and",
      "its rows in kysely_migration, on PostgreSQL.",
      "Next: make lint && make test",
      "",
    ].join("\n"),
  );
});
