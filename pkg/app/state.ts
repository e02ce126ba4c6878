/**
 * Where the App is in its life: STARTING until every component has started,
 * SERVING while it takes traffic, NOT_SERVING from the moment a stop begins
 * (readiness fails, so load balancers stop sending), STOPPED at the end.
 */
export type AppState = "STARTING" | "SERVING" | "NOT_SERVING" | "STOPPED";

/** Called with each new state. */
export type StateListener = (state: AppState) => void;
