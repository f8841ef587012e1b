import { describe, expect, it } from 'vitest';
import { redact, redactText, REDACTED } from '../../main/logging/redact';

describe('redacting log text', () => {
  it.each([
    ['01012345678'],
    ['+20 10 1234 5678'],
    ['+201012345678'],
    ['0020 101 234 5678'],
    ['(02) 2345-6789'],
    ['010.1234.5678'],
    ['٠١٠١٢٣٤٥٦٧٨'],
    ['۰۱۰۱۲۳۴۵۶۷۸'],
    ['+٢٠ ١٠ ١٢٣٤ ٥٦٧٨'],
    ['0101-12-34567'],
  ])('removes the phone %s', (phone) => {
    const clean = redactText(`calling ${phone} now`);
    expect(clean).toMatch(/^calling \(?\[phone\] now$/);
  });

  it('removes phones inside URLs, plain or encoded', () => {
    expect(redactText('open https://wa.me/201012345678?text=hi')).toBe('open https://wa.me/[phone]?text=hi');
    expect(redactText('tel:+201012345678')).toBe('tel:[phone]');
    expect(redactText('GET /leads?phone=%2B201012345678&x=1')).toBe('GET /leads?phone=[phone]&x=1');
  });

  it('removes emails, with plus-addressing, sub-domains or URL-encoding', () => {
    expect(redactText('sent to mona.adel+crm@mail.example.co.uk.')).not.toMatch(/mona|example/);
    expect(redactText('<Mona.Adel+crm@Example.com>')).toBe('<[email]>');
    expect(redactText('/invite?to=mona%2Bcrm%40gmail.com')).toBe('/invite?to=[email]');
  });

  it('removes tokens and Authorization values', () => {
    expect(redactText('Authorization: Bearer abc.def-ghi')).toBe('Authorization: [token]');
    expect(redactText('token=fl_AbC-_123xyz; path=/')).toBe('token=[token]; path=/');
  });

  it('keeps what diagnoses a fault: record ids, times, addresses, small counts', () => {
    const line =
      'op 0190c8a2-7b3c-7d4e-8f5a-123456789012 at 2026-03-01T09:00:00.000Z (2026-03-01T11:00:00+02:00) to 127.0.0.1:5173 pushed 1000 in 12 ms, v0.1.0';
    expect(redactText(line)).toBe(line);
  });

  it('removes the quoted values of personal keys in printed objects and JSON', () => {
    expect(redactText(`{ name: 'Mona Adel', stage: 'new', lost_reason: 'it\\'s far' }`)).toBe(`{ name: '[redacted]', stage: 'new', lost_reason: '[redacted]' }`);
    expect(redactText('{"leadName":"منى عادل","fileName":"a.txt"}')).toBe('{"leadName":"[redacted]","fileName":"a.txt"}');
  });

  it('removes the user name from home-folder paths in stack traces', () => {
    expect(redactText('at run (/Users/mona.adel/app/main.js:1:2)')).toBe('at run (/Users/[user]/app/main.js:1:2)');
    expect(redactText('at C:\\Users\\Mona\\AppData\\x.js')).toBe('at C:\\Users\\[user]\\AppData\\x.js');
    expect(redactText('/home/hany/.config/Fieldline/logs/main.log')).toBe('/home/[user]/.config/Fieldline/logs/main.log');
  });

  it('keeps Arabic text and takes the number out of it', () => {
    expect(redactText('اتصلت بمنى على ٠١٠١٢٣٤٥٦٧٨ بخصوص الشقة')).toBe('اتصلت بمنى على [phone] بخصوص الشقة');
  });
});

describe('redacting logged objects', () => {
  it('replaces personal fields at any depth and keeps the rest', () => {
    const op = {
      opId: '0190c8a2-7b3c-7d4e-8f5a-123456789012',
      entity: 'lead',
      payload: {
        values: { name: 'منى عادل', phones: [{ raw: '0101 234 5678', e164: '+201012345678' }], email: 'mona@example.com', notes: 'wants a villa', stage: 'new' },
        changes: { Lost_Reason: { value: 'too expensive', base: null } },
      },
      conflicts: [{ field: 'name', myValue: 'Mona', keptValue: 'Mona A.' }],
      headers: { Authorization: 'Bearer fl_secret' },
      pendingOps: 3,
    };
    expect(redact(op)).toEqual({
      opId: '0190c8a2-7b3c-7d4e-8f5a-123456789012',
      entity: 'lead',
      payload: {
        values: { name: REDACTED, phones: REDACTED, email: REDACTED, notes: REDACTED, stage: 'new' },
        changes: { Lost_Reason: REDACTED },
      },
      conflicts: [{ field: 'name', myValue: REDACTED, keptValue: REDACTED }],
      headers: { Authorization: REDACTED },
      pendingOps: 3,
    });
    // The original is untouched.
    expect(op.payload.values.name).toBe('منى عادل');
  });

  it('cleans free text under keys it does not know', () => {
    expect(redact({ message: 'push refused for 01012345678', detail: ['mona@example.com'] })).toEqual({ message: 'push refused for [phone]', detail: ['[email]'] });
  });

  it('survives circular references, hostile getters and very deep nesting', () => {
    const lead: Record<string, unknown> = { name: 'Mona', stage: 'new' };
    lead.self = lead;
    const shared = { stage: 'new' };
    const hostile = Object.defineProperty({ ok: 1 }, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('no'); } });
    let deep: Record<string, unknown> = { phone: '01012345678' };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    const out = redact({ lead, twice: [shared, shared], hostile, trap, deep }) as Record<string, unknown>;
    expect(out.lead).toEqual({ name: REDACTED, stage: 'new', self: '[circular]' });
    expect(out.twice).toEqual([{ stage: 'new' }, { stage: 'new' }]);
    expect(out.hostile).toEqual({ ok: 1, boom: '[unreadable]' });
    expect(out.trap).toBe('[unreadable]');
    expect(JSON.stringify(out.deep)).toContain('[too deep]');
    expect(JSON.stringify(out)).not.toContain('01012345678');
  });

  it('keeps errors as errors, without the personal data in their message, stack or cause', () => {
    const error = Object.assign(new Error('lead 01012345678 (mona@example.com) refused'), {
      code: 'conflict',
      cause: { name: 'Mona', why: 'token fl_abc' },
    });
    const out = redact(error) as Error & { code: string };
    expect(out).toBeInstanceOf(Error);
    expect(out.message).toBe('lead [phone] ([email]) refused');
    expect(out.code).toBe('conflict');
    expect(out.stack).not.toContain('01012345678');
    expect(out.cause).toEqual({ name: REDACTED, why: 'token [token]' });
  });

  it('passes other values through', () => {
    expect([redact(42), redact(null), redact(undefined), redact(true), redact(12n)]).toEqual([42, null, undefined, true, 12n]);
    expect(redact(new Date('2026-03-01T09:00:00Z'))).toBe('2026-03-01T09:00:00.000Z');
    expect(redact(new Map([['email', 'a@b.co']]))).toEqual({ email: REDACTED });
  });
});
