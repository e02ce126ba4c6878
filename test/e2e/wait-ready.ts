// Waits until the deployed service's /readyz answers 200 (E2E_ADMIN_URL),
// polling every 500ms for at most E2E_READY_TIMEOUT seconds (default 180).
// `make compose-up` runs it so the stack is usable when it returns.
import { setTimeout as sleep } from "node:timers/promises";
import { e2eTarget } from "./target.js";

const target = e2eTarget();
if ("skip" in target) {
  process.stderr.write(`wait-ready: ${target.skip}\n`);
  process.exit(2);
}
const timeoutMs = Number(process.env.E2E_READY_TIMEOUT ?? "180") * 1000;
const url = `${target.adminUrl}/readyz`;
const deadline = Date.now() + timeoutMs;
let last = "no answer yet";
while (Date.now() < deadline) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (response.status === 200) {
      process.stdout.write(`wait-ready: ${url} is ready\n`);
      process.exit(0);
    }
    last = `${response.status} ${await response.text()}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    last = cause?.code ?? (err as Error).message;
  }
  await sleep(500);
}
process.stderr.write(`wait-ready: ${url} not ready after ${timeoutMs / 1000}s (last: ${last})\n`);
process.exit(1);
