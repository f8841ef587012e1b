/** Bundles main.cjs, core-worker.cjs and preload.cjs into `outRoot` (default: the app's out/). */
export function buildMain(outRoot?: string): Promise<void>;
