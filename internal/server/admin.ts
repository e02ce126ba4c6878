import { AdminServer } from "../../pkg/admin/server.js";
import type { Health } from "../../pkg/health/index.js";
import type { Config } from "../conf/conf.js";

/** Builds the admin server: probes (and, as they come, metrics and profiling) on the admin port. */
export function newAdminServer(config: Config, health: Health): AdminServer {
  return new AdminServer({ addr: config.server.admin.addr, health });
}
