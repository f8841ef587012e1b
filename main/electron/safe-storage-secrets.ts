import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { AppError } from '../../shared/result';
import type { SecretStore } from '../workspace/secret-store';

/** The sync token, encrypted with the OS keychain, in the user's data folder. */
export const ENCRYPTED_TOKEN_FILE = 'sync-token.enc';

const NO_KEYCHAIN =
  "This computer's password store (keychain) is not available, so Fieldline cannot keep your sign-in safely. " +
  'Unlock or set up the keychain (on Linux: GNOME Keyring or KWallet), then sign in again.';

type Keychain = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/**
 * The desktop app's `SecretStore`: the token is encrypted by the OS (Keychain, DPAPI,
 * libsecret/KWallet) before it touches the disk. Without a real keychain it refuses to
 * store it and says why: on Linux, Electron's `basic_text` fallback is a fixed key, as
 * good as plain text. (The synchronous safeStorage calls are deprecated in favour of
 * async ones, but `SecretStore` is synchronous and they still work.)
 */
export function safeStorageSecretStore(keychain: Keychain = safeStorage, platform: NodeJS.Platform = process.platform): SecretStore {
  const usable = () => keychain.isEncryptionAvailable() && (platform !== 'linux' || keychain.getSelectedStorageBackend() !== 'basic_text');
  return {
    read(profileDir) {
      const file = path.join(profileDir, ENCRYPTED_TOKEN_FILE);
      if (!fs.existsSync(file) || !usable()) return null;
      try {
        return keychain.decryptString(fs.readFileSync(file)) || null;
      } catch {
        // The keychain entry changed (another OS account, a reset keyring): sign in again.
        return null;
      }
    },
    refusal: () => (usable() ? null : NO_KEYCHAIN),
    write(profileDir, token) {
      if (!usable()) throw new AppError('not_allowed', NO_KEYCHAIN);
      const file = path.join(profileDir, ENCRYPTED_TOKEN_FILE);
      fs.writeFileSync(`${file}.tmp`, keychain.encryptString(token), { mode: 0o600 });
      fs.renameSync(`${file}.tmp`, file);
    },
    remove(profileDir) {
      fs.rmSync(path.join(profileDir, ENCRYPTED_TOKEN_FILE), { force: true });
    },
  };
}
