// The service's entry point. Node's module compile cache goes on first; the
// service is imported after it, dynamically, since the modules of a static
// import are compiled before any code here runs.
import { enableCompileCache } from "../../pkg/app/compile-cache.js";

enableCompileCache();
await import("reflect-metadata");
const { serve } = await import("./serve.js");
await serve();
