/** Builds the renderer with Vite when its sources changed; resolves to whether it built. */
export function buildRendererIfStale(): Promise<boolean>;
