// Stands in for the `electron` package under vitest: importing the real one tries to
// locate (and download) the Electron binary. Tests that need real Electron live in
// `npm run test:electron`.
export const app = {
  getPath: (name: string) => `/tmp/fieldline-stand-in/${name}`,
  isPackaged: false,
};
export default { app };
