import fs from 'node:fs';

export const CSV_ENCODINGS = ['utf8', 'utf16le', 'utf16be', 'windows-1256'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/**
 * How a CSV file is encoded, from its bytes: a BOM names UTF-8 or UTF-16 (LE/BE);
 * without one, UTF-8 when its bytes read as UTF-8, else Windows-1256 (what Arabic Excel
 * saves as "CSV"). A few stray bytes in a file of well-formed UTF-8 (one damaged cell)
 * keep it UTF-8: read as Windows-1256, every other Arabic cell would be garbled. In
 * Windows-1256 Arabic text, well-formed UTF-8 sequences are rare accidents.
 * One streaming pass, so a 100K-row file costs tens of ms.
 */
export async function detectEncoding(file: string): Promise<CsvEncoding> {
  const counts = new Utf8Counts();
  let first = true;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    if (first) {
      first = false;
      if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
      if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8';
    }
    counts.add(bytes);
  }
  counts.end();
  return counts.invalid * STRAY_BYTES_PER_VALID <= counts.valid ? 'utf8' : 'windows-1256';
}

/** At most one malformed byte per this many well-formed multi-byte characters is still UTF-8. */
const STRAY_BYTES_PER_VALID = 100;

/** Counts well-formed multi-byte UTF-8 sequences and malformed bytes, chunk by chunk. */
class Utf8Counts {
  valid = 0;
  invalid = 0;
  private expected = 0;

  add(bytes: Buffer): void {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (this.expected > 0) {
        if ((byte & 0xc0) === 0x80) {
          if (--this.expected === 0) this.valid++;
          continue;
        }
        // A sequence cut short: that lead byte was malformed; read this byte afresh.
        this.invalid++;
        this.expected = 0;
      }
      if (byte < 0x80) continue;
      if (byte >= 0xc2 && byte <= 0xdf) this.expected = 1;
      else if (byte >= 0xe0 && byte <= 0xef) this.expected = 2;
      else if (byte >= 0xf0 && byte <= 0xf4) this.expected = 3;
      else this.invalid++;
    }
  }

  end(): void {
    if (this.expected > 0) this.invalid++;
    this.expected = 0;
  }
}
