import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a user's sync token is kept. The desktop app encrypts it with the OS keychain
 * (Electron's safeStorage); the CLI and the browser host keep a file only this OS user
 * can read. Keyed by the user's data folder.
 */
export interface SecretStore {
  read(profileDir: string): string | null;
  write(profileDir: string, token: string): void;
  remove(profileDir: string): void;
  /** Why a token cannot be kept right now (no keychain), or null when it can. */
  refusal?(): string | null;
}

/** The CLI's token file name: `crm sync` and the workspace share one sign-in per folder. */
export const TOKEN_FILE = 'sync-token';

export const fileSecretStore: SecretStore = {
  read(profileDir) {
    const file = path.join(profileDir, TOKEN_FILE);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() || null : null;
  },
  write(profileDir, token) {
    const file = path.join(profileDir, TOKEN_FILE);
    fs.writeFileSync(file, token + '\n', { mode: 0o600 });
    fs.chmodSync(file, 0o600); // an older file keeps its mode otherwise
  },
  remove(profileDir) {
    fs.rmSync(path.join(profileDir, TOKEN_FILE), { force: true });
  },
};
