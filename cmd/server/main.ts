// The service's entry point.
import "reflect-metadata";
import { serve } from "./serve.js";

await serve();
