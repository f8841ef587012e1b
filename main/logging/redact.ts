/**
 * Takes personal data out of what goes into log files and diagnostics bundles: lead and
 * user names, phones, emails, notes and secrets. Logs are for finding faults, and a
 * bundle is mailed to support: neither should carry a customer's details.
 *
 * Objects lose the values of known personal keys (whatever they hold); every other
 * string, in objects or free text, loses what looks like a phone, an email or a token.
 * Names in free text cannot be recognised, so callers log records as objects, not as
 * sentences built from them. It errs on the side of removing: a long number in a log
 * line is taken for a phone.
 */

export const REDACTED = '[redacted]';

/** Keys whose values are personal or secret wherever they appear. */
const PERSONAL_KEY_NAMES = [
  'name', 'leadName', 'userName', 'fullName', 'displayName',
  'phone', 'phones', 'e164', 'raw', 'mobile',
  'email', 'emails',
  'notes', 'note', 'body', 'title', 'lostReason', 'propertyArea',
  'myValue', 'keptValue', 'serverRow', 'search', 'query',
  'token', 'accessToken', 'authorization', 'cookie', 'password', 'secret',
];

/** Object keys compare without case, `_` or `-`: `lost_reason`, `Lost-Reason`, `lostReason`. */
const normaliseKey = (key: string) => key.replace(/[_-]/g, '').toLowerCase();
const PERSONAL_KEYS = new Set(PERSONAL_KEY_NAMES.map(normaliseKey));

/** Digits as people type them: ASCII, Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹). */
const D = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9]';
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Bounded, so a long run of text without an @ cannot make the search quadratic.
const EMAIL_CHAR = '[^\\s@<>()\\[\\]"\',;:/?=&]';
const keySpellings = PERSONAL_KEY_NAMES.flatMap((k) => [k, k.replace(/[A-Z]/g, (c) => `_${c}`)]);

/** One pass over the text; at each place the first alternative that matches wins. */
const TEXT_PATTERNS = new RegExp(
  [
    // A personal key with a quoted value, as JSON or util.inspect print objects.
    `(?<key>["']?\\b(?:${keySpellings.join('|')})\\b["']?\\s*[:=]\\s*)(?<value>"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*')`,
    // Kept as they are, so no phone is seen in them: record ids, ISO dates and times, IPv4 addresses.
    '(?<keep>\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b' +
      '|\\b\\d{4}-[01]\\d-[0-3]\\d(?:[T ][0-2]\\d:[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?(?!\\d)' +
      `|\\b${OCTET}(?:\\.${OCTET}){3}(?![\\d.]))`,
    // Secrets: a Fieldline token, an Authorization header value.
    '(?<token>\\bfl_[A-Za-z0-9_-]+|\\bBearer\\s+[^\\s"\',;]+)',
    // Emails, plus-addressing and sub-domains included; also URL-encoded (%40).
    `(?<email>${EMAIL_CHAR}{1,64}(?:@|%40)${EMAIL_CHAR}{1,253}\\.${EMAIL_CHAR}{1,63})`,
    // The user's name in their home folder, as file paths in stack traces show it.
    '(?<home>(?:/Users/|/home/|\\b[A-Z]:\\\\(?:Users|Documents and Settings)\\\\))[^/\\\\\\s]+',
    // Phones: 7 or more digits, maybe after + (or %2B in a URL), with spaces, dots,
    // dashes, slashes or brackets between them.
    `(?<phone>(?:\\+|%2[Bb])?${D}(?:[\\s().\\-/\\u00A0]{0,2}${D}){6,})`,
  ].join('|'),
  'giu',
);

/**
 * Removes phones, emails, tokens, home-folder user names and the quoted values of
 * personal keys (`name: 'Mona'`, `"email":"…"`) from a line of text.
 */
export function redactText(text: string): string {
  return text.replace(TEXT_PATTERNS, (match, ...args) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.key !== undefined) return `${groups.key}${groups.value!.startsWith('"') ? '"[redacted]"' : "'[redacted]'"}`;
    if (groups.keep !== undefined) return match;
    if (groups.token !== undefined) return '[token]';
    if (groups.email !== undefined) return '[email]';
    if (groups.home !== undefined) return `${groups.home}[user]`;
    return '[phone]';
  });
}

const MAX_DEPTH = 20;

/**
 * A copy of `value` without personal data: text as `redactText` says; objects and
 * arrays copied with personal keys replaced; errors kept as errors (message and stack
 * redacted). Never throws: a circular reference becomes "[circular]", a property that
 * cannot be read "[unreadable]".
 *
 * @example redact({ lead: { name: 'Mona', phones: ['0101…'] }, stage: 'new' })
 *   // → { lead: { name: '[redacted]', phones: '[redacted]' }, stage: 'new' }
 */
export function redact(value: string): string;
export function redact(value: unknown): unknown;
export function redact(value: unknown): unknown {
  return copy(value, new WeakSet(), 0);
}

function copy(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  // Numbers stay: Fieldline never holds a phone as a number, and counts and times matter.
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (value instanceof Error) return copyError(value, seen, depth);
    if (Array.isArray(value)) return value.map((item) => copy(item, seen, depth + 1));
    if (value instanceof Map) return copy(Object.fromEntries(value), seen, depth);
    if (value instanceof Set) return copy([...value], seen, depth);
    if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (PERSONAL_KEYS.has(normaliseKey(key))) {
        out[key] = REDACTED;
        continue;
      }
      try {
        out[key] = copy((value as Record<string, unknown>)[key], seen, depth + 1);
      } catch {
        out[key] = '[unreadable]';
      }
    }
    return out;
  } catch {
    return '[unreadable]';
  } finally {
    // Only ancestors count as circular: the same object twice side by side is fine.
    seen.delete(value);
  }
}

function copyError(error: Error, seen: WeakSet<object>, depth: number): Error {
  const clean = new Error(redactText(String(error.message)));
  clean.name = error.name;
  clean.stack = error.stack === undefined ? undefined : redactText(String(error.stack));
  const extra = copy({ ...error }, seen, depth + 1) as Record<string, unknown>;
  Object.assign(clean, extra);
  if (error.cause !== undefined) clean.cause = copy(error.cause, seen, depth + 1);
  return clean;
}
