/**
 * The deployed stack the e2e tests drive, from the environment:
 * `E2E_HTTP_URL` (REST), `E2E_GRPC_ADDR` (gRPC host:port), `E2E_ADMIN_URL`
 * (admin port), and `E2E_COMPOSE` (the compose command that runs the stack,
 * for the restart test). `make compose-test` sets them all.
 */
export interface E2eTarget {
  /** REST base URL, e.g. http://127.0.0.1:8000. */
  readonly httpUrl: string;
  /** gRPC address, e.g. 127.0.0.1:9000. */
  readonly grpcAddr: string;
  /** Admin base URL, e.g. http://127.0.0.1:8001. */
  readonly adminUrl: string;
}

/** The target from the environment, or the reason the e2e tests cannot run. */
export function e2eTarget(env: NodeJS.ProcessEnv = process.env): E2eTarget | { skip: string } {
  const httpUrl = env.E2E_HTTP_URL ?? "";
  const grpcAddr = env.E2E_GRPC_ADDR ?? "";
  const adminUrl = env.E2E_ADMIN_URL ?? "";
  const missing = Object.entries({ E2E_HTTP_URL: httpUrl, E2E_GRPC_ADDR: grpcAddr, E2E_ADMIN_URL: adminUrl })
    .filter(([, value]) => value === "")
    .map(([name]) => name);
  if (missing.length > 0) {
    return { skip: `${missing.join(", ")} not set: start a stack and use \`make compose-test\` (see the README)` };
  }
  return { httpUrl: trimSlash(httpUrl), grpcAddr, adminUrl: trimSlash(adminUrl) };
}

/**
 * The target, or undefined after printing why the suite is skipped, so a run
 * without a stack says so instead of passing silently.
 */
export function targetOrSkip(suite: string): E2eTarget | undefined {
  const target = e2eTarget();
  if ("skip" in target) {
    console.warn(`e2e ${suite}: skipped, ${target.skip}`);
    return undefined;
  }
  return target;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
