import { AdminServer } from "../../pkg/admin/server.js";
import type { Health } from "../../pkg/health/index.js";
import type { Metrics } from "../../pkg/metrics/index.js";
import type { Config } from "../conf/conf.js";

/** Builds the admin server: probes, `/metrics` and, when configured on, profiling on the admin port. */
export function newAdminServer(config: Config, health: Health, metrics: Metrics): AdminServer {
  return new AdminServer({
    addr: config.server.admin.addr,
    health,
    metrics,
    profiling: config.server.admin.profiling,
    debugToken: config.server.admin.debugToken,
  });
}
