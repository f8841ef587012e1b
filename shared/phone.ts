import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** A phone as the user typed it, plus its E.164 form when one could be derived. */
export interface Phone {
  raw: string;
  e164: string | null;
}

/** Fieldline's offices are Egyptian first: local numbers without a country code are read as Egyptian. */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'EG';

const EGYPTIAN_MOBILE = /^(?:\+20|0020|0)(1[0125]\d{8})$/;
const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Arabic-Indic and Persian digits as ASCII ones (`٠١٠` → `010`); other text unchanged. */
export function toAsciiDigits(text: string): string {
  return text.replace(ARABIC_INDIC, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/**
 * Normalises one phone to E.164 where possible (`01012345678`, `+20 10 1234 5678`,
 * `0020…` and Arabic-Indic digits all become `+201012345678`). A number that cannot
 * be a real phone keeps its raw text and `e164: null`, so nothing the user typed is lost.
 */
export function normalizePhone(raw: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): Phone {
  const trimmed = raw.trim();
  // Most numbers agents type are Egyptian mobiles (010/011/012/015 + 8 digits): their
  // E.164 form is plain arithmetic, and imports of 100K rows feel the difference.
  if (country === 'EG') {
    const mobile = EGYPTIAN_MOBILE.exec(toAsciiDigits(trimmed).replace(/[\s\-().]/g, ''));
    if (mobile) return { raw: trimmed, e164: `+20${mobile[1]}` };
  }
  const parsed = parsePhoneNumberFromString(toAsciiDigits(trimmed), country);
  return { raw: trimmed, e164: parsed && parsed.isPossible() ? parsed.number : null };
}

/** The digits a duplicate check and a search compare: E.164 when known, else the raw digits. */
export function phoneDigits(phone: Phone): string {
  return (phone.e164 ?? toAsciiDigits(phone.raw)).replace(/\D/g, '');
}

/** True when the text holds at least one digit and nothing but phone punctuation. */
export function looksLikePhone(text: string): boolean {
  const ascii = toAsciiDigits(text.trim());
  return /\d/.test(ascii) && /^[\d\s()+\-.]+$/.test(ascii);
}
