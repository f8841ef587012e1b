import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { newId } from '../../shared/ids';

/**
 * The users who have signed in on this computer, each with their own data folder, so
 * colleagues sharing a laptop never see or send each other's work. Kept as a small
 * JSON file beside the folders; only a hash of each token is kept here.
 */
export interface Profile {
  key: string;
  serverUrl: string;
  /** Null until the server confirmed the token (an offline first sign-in). */
  userId: string | null;
  tokenHash: string;
}

interface ProfilesFile {
  current: string | null;
  lastServerUrl: string | null;
  profiles: Profile[];
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export class Profiles {
  private readonly file: string;
  private state: ProfilesFile;

  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
    this.file = path.join(root, 'profiles.json');
    this.state = fs.existsSync(this.file)
      ? (JSON.parse(fs.readFileSync(this.file, 'utf8')) as ProfilesFile)
      : { current: null, lastServerUrl: null, profiles: [] };
  }

  get current(): Profile | null {
    return this.state.profiles.find((p) => p.key === this.state.current) ?? null;
  }

  get lastServerUrl(): string | null {
    return this.state.lastServerUrl;
  }

  dirOf(profile: Profile): string {
    return path.join(this.root, 'profiles', profile.key);
  }

  /** This user's folder: found by who the server says they are, else by the token; made when new. */
  forSignIn(serverUrl: string, userId: string | null, token: string): Profile {
    const hash = tokenHash(token);
    const sameServer = this.state.profiles.filter((p) => p.serverUrl === serverUrl);
    let profile =
      (userId ? sameServer.find((p) => p.userId === userId) : undefined) ??
      sameServer.find((p) => p.tokenHash === hash && (p.userId === null || userId === null || p.userId === userId));
    if (!profile) {
      profile = { key: newId(), serverUrl, userId, tokenHash: hash };
      this.state.profiles.push(profile);
    }
    profile.tokenHash = hash;
    if (userId) profile.userId = userId;
    return profile;
  }

  /** Records who a profile's token belongs to, once the server said so. */
  confirmUser(key: string, userId: string): void {
    const profile = this.state.profiles.find((p) => p.key === key);
    if (profile && profile.userId !== userId) {
      profile.userId = userId;
      this.save();
    }
  }

  setCurrent(profile: Profile | null): void {
    this.state.current = profile?.key ?? null;
    if (profile) this.state.lastServerUrl = profile.serverUrl;
    this.save();
  }

  /** Written to a temporary file and renamed: a crash never leaves half a file. */
  private save(): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.state, null, 2));
    fs.renameSync(temp, this.file);
  }
}
