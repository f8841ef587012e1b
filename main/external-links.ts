/**
 * The only links Fieldline hands to the operating system: calling a lead (`tel:`),
 * writing to them (`mailto:`) and web pages (`https:`). The app builds these links
 * itself, lower-case and without spaces, so anything else is refused rather than
 * repaired: a page that could pass `file:`, `javascript:` or a crafted `https://user@`
 * link to the OS could run programs or phish.
 */
const MAX_LENGTH = 2048;
/** Spaces, control characters and their look-alikes (NBSP, zero-width, bidi marks). */
const INVISIBLE_OR_SPACE = /[\s\p{Cc}\p{Cf}]/u;
const TEL = /^tel:\+?[0-9][0-9().-]{2,30}$/;
const MAILTO = /^mailto:[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export function isAllowedExternalUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_LENGTH) return false;
  if (INVISIBLE_OR_SPACE.test(url)) return false;
  if (url.startsWith('tel:')) return TEL.test(url);
  if (url.startsWith('mailto:')) return MAILTO.test(url);
  if (!url.startsWith('https://')) return false;
  // Credentials in the address (`https://bank@evil`, even empty ones) only ever disguise
  // where the link goes; a backslash is read as a slash, another disguise.
  const authority = url.slice('https://'.length).split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@') || url.includes('\\')) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
