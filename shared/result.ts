/** Error codes that cross the process boundary. Never a stack trace. */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'not_allowed',
  'unknown_channel',
  'internal',
  /** No one is signed in on this computer: data channels wait for a sign-in. */
  'signed_out',
  /** Signing out would leave changes unsent: the UI asks, then calls again with `keepUnsynced`. */
  'unsynced_work',
  /** The server refused the sign-in (wrong token, revoked user). */
  'sign_in_refused',
  /** A bulk load (an import, a first sync) is under way; the answer comes once it ends. */
  'busy',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** A failure the user can act on; its message is shown as is. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
