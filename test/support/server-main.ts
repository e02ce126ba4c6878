// The server process of the real-process tests that need test hooks: the
// service's own entry point, with the hooks named in STRATA_TEST_HOOKS wired in.
import "reflect-metadata";
import { serve } from "../../cmd/server/serve.js";
import { hooksFromEnv, wiringOf } from "./test-hooks.js";

await serve(wiringOf(hooksFromEnv(process.env)));
