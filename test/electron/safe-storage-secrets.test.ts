import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_TOKEN_FILE, safeStorageSecretStore } from '../../main/electron/safe-storage-secrets';
import { AppError } from '../../shared/result';
import { tempDir } from '../support/temp';

/** A keychain that "encrypts" by reversing bytes and tagging them, so the file is never the token. */
function fakeKeychain(options: { available?: boolean; backend?: 'basic_text' | 'gnome_libsecret' } = {}) {
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: (text: string) => Buffer.concat([Buffer.from('ENC:'), Buffer.from(text).reverse()]),
    decryptString: (data: Buffer) => {
      if (!data.subarray(0, 4).equals(Buffer.from('ENC:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(data.subarray(4)).reverse().toString();
    },
  };
}

const TOKEN = 'fl_live_5f2c9a7e1b3d';

describe('the sync token kept by the desktop app', () => {
  it('is kept encrypted in the user folder and read back after a restart', () => {
    const dir = tempDir();
    safeStorageSecretStore(fakeKeychain(), 'linux').write(dir, TOKEN);
    const onDisk = fs.readFileSync(path.join(dir, ENCRYPTED_TOKEN_FILE));
    expect(onDisk.toString('latin1')).not.toContain(TOKEN);
    expect(fs.readdirSync(dir)).toEqual([ENCRYPTED_TOKEN_FILE]);
    expect(safeStorageSecretStore(fakeKeychain(), 'linux').read(dir)).toBe(TOKEN);
  });

  it('is forgotten at sign-out', () => {
    const dir = tempDir();
    const store = safeStorageSecretStore(fakeKeychain(), 'darwin');
    store.write(dir, TOKEN);
    store.remove(dir);
    expect(store.read(dir)).toBeNull();
    expect(fs.existsSync(path.join(dir, ENCRYPTED_TOKEN_FILE))).toBe(false);
  });

  it('refuses to store it without a keychain, saying why, and writes nothing', () => {
    const dir = tempDir();
    const store = safeStorageSecretStore(fakeKeychain({ available: false }), 'win32');
    expect(() => store.write(dir, TOKEN)).toThrow(AppError);
    expect(() => store.write(dir, TOKEN)).toThrow(/keychain/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses Linux's fixed-key fallback, which is plain text in disguise", () => {
    const dir = tempDir();
    const store = safeStorageSecretStore(fakeKeychain({ backend: 'basic_text' }), 'linux');
    expect(() => store.write(dir, TOKEN)).toThrow(/GNOME Keyring or KWallet/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('asks for a new sign-in when the keychain cannot read the file any more', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, ENCRYPTED_TOKEN_FILE), 'garbage from another keychain');
    expect(safeStorageSecretStore(fakeKeychain(), 'darwin').read(dir)).toBeNull();
    expect(safeStorageSecretStore(fakeKeychain(), 'darwin').read(tempDir())).toBeNull();
  });
});
