// `make rename NAME=<name>`: renames the service everywhere its name is the
// service's (see service-name.ts), leaving the example API alone.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./cli.js";
import { checkServiceName, NameError } from "./names.js";
import { currentServiceName, planRename } from "./service-name.js";

await runCommand(() => {
  const root = process.cwd();
  const [arg] = process.argv.slice(2);
  if (arg === undefined || arg === "") throw new NameError("usage: make rename NAME=<name> (e.g. NAME=orders)");
  const to = checkServiceName(arg);
  const from = currentServiceName(root);
  if (from === to) {
    process.stdout.write(`the service is named ${to} already: nothing to do\n`);
    return;
  }
  const edits = planRename(root, from, to);
  for (const { path, content } of edits) writeFileSync(join(root, path), content);
  process.stdout.write(`renamed the service ${from} → ${to} in ${edits.length} files:\n`);
  for (const { path } of edits) process.stdout.write(`  ${path}\n`);
});
