/** The variables that name the external services some suites need, and skip without. */
export const SERVICE_VARIABLES = ["DATABASE_URL", "REDIS_URL", "NATS_URL"] as const;

/** Set to 1 where every service is there (CI's PostgreSQL run): a suite that would skip for want of one fails instead. */
export const REQUIRE_SERVICES = "STRATA_REQUIRE_SERVICES";

/**
 * Throws, naming what is missing, when `env` asks for every service
 * (STRATA_REQUIRE_SERVICES=1) but does not name them all: in such a run a
 * suite that skips for want of a service would hide that it never ran.
 */
export function checkRequiredServices(env: NodeJS.ProcessEnv): void {
  if (env[REQUIRE_SERVICES] !== "1") return;
  const missing = SERVICE_VARIABLES.filter((name) => (env[name] ?? "") === "");
  if (missing.length > 0) {
    throw new Error(
      `${REQUIRE_SERVICES}=1 but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set: ` +
        "the suites that need them would be skipped",
    );
  }
}
