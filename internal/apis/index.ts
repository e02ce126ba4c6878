import type { Api } from "./api.js";
import * as registered from "./registered.js";

export type { Api } from "./api.js";

/** Every API the service serves (./registered.ts), in the order they were added. */
export const APIS: readonly Api[] = Object.values(registered);
