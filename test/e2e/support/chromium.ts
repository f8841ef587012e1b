import fs from 'node:fs';

/**
 * How tests and the UI bench start Chromium: Debian's build where it is installed (this
 * machine and CI), Playwright's own elsewhere; without the background-networking flags
 * Chromium keeps dialling out of a closed network.
 */
export const chromiumLaunchOptions = {
  ...(process.env.FIELDLINE_CHROMIUM || fs.existsSync('/usr/bin/chromium')
    ? { executablePath: process.env.FIELDLINE_CHROMIUM ?? '/usr/bin/chromium' }
    : {}),
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
