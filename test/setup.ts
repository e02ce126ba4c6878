// tsyringe needs the Reflect metadata API before any decorated class loads.
import "reflect-metadata";
import { checkRequiredServices } from "./support/required-services.js";

// A run that has PostgreSQL, Redis and NATS (STRATA_REQUIRE_SERVICES=1) fails
// here, in every test file, rather than let the suites that need one skip.
checkRequiredServices(process.env);
