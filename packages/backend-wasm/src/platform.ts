// What the host offers for threads: Node's worker_threads (found through
// process.getBuiltinModule, so no import statement reaches browser bundles)
// or Web Workers where the page is cross-origin isolated.

interface NodeWorker {
  on(event: 'message', fn: (msg: WorkerMessage) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  postMessage(msg: unknown): void;
  terminate(): Promise<number>;
  unref(): void;
}

interface NodeBuiltins {
  worker_threads: { Worker: new (src: string, opts: { eval: true; name?: string }) => NodeWorker };
  os: { availableParallelism?(): number; cpus(): unknown[] };
}

/** Messages a worker sends back. */
export interface WorkerMessage {
  type: 'ready' | 'error';
  message?: string;
}

/** The little a pool needs from a worker, on either platform. */
export interface WorkerHandle {
  post(msg: unknown): void;
  onMessage(fn: (msg: WorkerMessage) => void): void;
  onError(fn: (err: Error) => void): void;
  terminate(): void;
  /** Lets the process exit while this worker idles (Node); a no-op for Web Workers. */
  release(): void;
}

function nodeBuiltin<K extends keyof NodeBuiltins>(name: K): NodeBuiltins[K] | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  return proc?.getBuiltinModule?.(`node:${name}`) as NodeBuiltins[K] | undefined;
}

/** Why threads are unavailable here, or null when workers over shared memory can run. */
export function threadsUnavailableReason(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available';
  if (nodeBuiltin('worker_threads')) return null;
  const g = globalThis as { Worker?: unknown; crossOriginIsolated?: boolean };
  if (typeof g.Worker !== 'function') return 'no Worker constructor on this platform';
  if (g.crossOriginIsolated !== true) return 'the page is not crossOriginIsolated (COOP/COEP headers are needed for shared memory)';
  return null;
}

/** All cores where threads can run, else 1. */
export function defaultThreadCount(): number {
  if (threadsUnavailableReason() !== null) return 1;
  const os = nodeBuiltin('os');
  if (os) return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/** Starts a worker running `source` (see worker-source.ts); after `release()` it never keeps a Node process alive. */
export function startWorker(source: string, name: string): WorkerHandle {
  const wt = nodeBuiltin('worker_threads');
  if (wt) {
    // Referenced until it reports ready (so startup is awaited), then released by the pool.
    const w = new wt.Worker(source, { eval: true, name });
    return {
      post: (msg) => w.postMessage(msg),
      onMessage: (fn) => w.on('message', fn),
      onError: (fn) => w.on('error', fn),
      terminate: () => void w.terminate(),
      release: () => w.unref(),
    };
  }
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const w = new Worker(url, { name });
  return {
    post: (msg) => w.postMessage(msg),
    onMessage: (fn) => w.addEventListener('message', (e: MessageEvent<WorkerMessage>) => fn(e.data)),
    onError: (fn) => w.addEventListener('error', (e: ErrorEvent) => fn(new Error(e.message))),
    terminate: () => {
      w.terminate();
      URL.revokeObjectURL(url);
    },
    release: () => {},
  };
}

/** Whether this thread may block in Atomics.wait (browsers forbid it on the main thread). */
export function canBlock(): boolean {
  return nodeBuiltin('worker_threads') !== undefined;
}
