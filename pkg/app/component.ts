/**
 * Anything the App starts and stops: a resource (database, cache, broker
 * client), a background worker or a server. `start` resolves once it is ready;
 * `stop` resolves once it has finished its work in hand and released everything.
 */
export interface Component {
  /** Named in logs, and in the error when it fails to start or hangs on stop. */
  readonly name: string;
  /** Makes the component ready. */
  start(): Promise<void>;
  /** Finishes work in hand and releases the component's resources. */
  stop(): Promise<void>;
}

/**
 * Announces the instance to service discovery once it serves, and withdraws it
 * first thing on stop. The default does nothing.
 */
export interface Registrar {
  /** Announces this instance. */
  register(): Promise<void>;
  /** Withdraws this instance. */
  deregister(): Promise<void>;
}

/** A Registrar for services that nothing discovers. */
export const noopRegistrar: Registrar = {
  register: () => Promise.resolve(),
  deregister: () => Promise.resolve(),
};
