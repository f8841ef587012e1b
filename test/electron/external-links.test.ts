import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../main/external-links';

describe('links Fieldline hands to the operating system', () => {
  it('lets a user call, email or open a web page', () => {
    expect(isAllowedExternalUrl('tel:+201001234567')).toBe(true);
    expect(isAllowedExternalUrl('tel:010-0123-4567')).toBe(true);
    expect(isAllowedExternalUrl('mailto:mona.adel@example.com')).toBe(true);
    expect(isAllowedExternalUrl('https://fieldline.example/help?topic=sync#offline')).toBe(true);
  });

  it('refuses links that could run or read something on this computer', () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'file:///etc/passwd',
      'file://server/share/evil.exe',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'smb://attacker/share',
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=invoice',
      'app://fieldline/index.html',
      'about:blank',
      'http://example.com',
      'ftp://example.com',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('refuses disguised https links', () => {
    for (const url of [
      'https://user:pass@example.com',
      'https://bank.example@evil.example/',
      'https://:@example.com',
      'https://evil.example\\@bank.example/',
      'https://bank.example\\evil',
      'HTTPS://example.com',
      'Https://example.com',
      ' https://example.com',
      'https://example.com ',
      'https://exa mple.com',
      'https://example.com/\nSet-Cookie:x',
      'https://example.com/\u0000',
      'https://example.com/\u202Egnp.exe',
      'https://example.com/\u200B',
      'https://\u00A0example.com',
      'https:example.com',
      'https:/example.com',
      'https://',
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(isAllowedExternalUrl(url), JSON.stringify(url)).toBe(false);
    }
  });

  it('refuses tel: and mailto: links carrying anything but a number or an address', () => {
    for (const url of [
      'tel:javascript:alert(1)',
      'tel:<script>alert(1)</script>',
      'tel:+20%0A100',
      'tel:',
      'tel:++201001234567',
      'TEL:+201001234567',
      'tel: 0100',
      'mailto:a@example.com?attach=/etc/passwd',
      'mailto:a@example.com,b@evil.example',
      'mailto:a@example.com%0ABcc:b@evil.example',
      'mailto:<script>@example.com',
      'mailto:',
      'MAILTO:a@example.com',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('never throws and refuses every non-string', () => {
    for (const value of [undefined, null, 42, {}, [], { toString: () => 'https://example.com' }]) {
      expect(isAllowedExternalUrl(value)).toBe(false);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const allowed = isAllowedExternalUrl(text);
        if (allowed) expect(text).toMatch(/^(tel:|mailto:|https:\/\/)/);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});
