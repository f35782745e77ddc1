/**
 * One instance per process, even when a module is loaded twice: the production server imports
 * the React Router build, which bundles its own copy of db/client.ts, jobs/queue.ts and so on.
 * Two copies would mean two PGlite instances on one data directory, two in-process job queues
 * (shutdown waiting for only one), two Redis connections.
 */
export function processSingleton<T>(key: string, create: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const symbol = Symbol.for(`chorus.${key}`);
  store[symbol] ??= create();
  return store[symbol];
}
