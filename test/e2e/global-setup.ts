import { buildRendererIfStale } from '../../main/browser-host/build-renderer.mjs';
import { runCli } from './support/processes';

/** Builds what the tests serve, once: the renderer bundle and the two CLIs' bundles. */
export default async function globalSetup(): Promise<void> {
  await buildRendererIfStale();
  await runCli('server/cli.ts', ['--help']);
  await runCli('main/browser-host/dev-web.ts', ['--help']);
}
