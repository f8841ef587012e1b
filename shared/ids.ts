/**
 * Time-ordered UUIDv7 (RFC 9562): new rows land at the end of the primary-key B-tree
 * instead of at random pages, which keeps 100K-row inserts append-mostly. Ids made in
 * the same millisecond by this process still sort in creation order (a 12-bit counter
 * in `rand_a`, as RFC 9562 §6.2 method 1 allows). Randomness is drawn from a pooled
 * buffer: bulk imports make hundreds of thousands of ids.
 */
// Web Crypto exists in browsers and Node 20 alike; shared/ has no DOM or Node types.
const webCrypto = (globalThis as unknown as { crypto: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto;
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;
let lastMs = -1;
let counter = 0;

function randomBytes(count: number): Uint8Array {
  if (poolOffset + count > POOL_SIZE) {
    webCrypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function newId(now: number = Date.now()): string {
  const random = randomBytes(10);
  if (now > lastMs) {
    lastMs = now;
    counter = ((random[0]! & 0x07) << 8) | random[1]!; // start low, leave room to count up
  } else if (++counter > 0xfff) {
    lastMs++; // counter exhausted: borrow the next millisecond, order is kept
    counter = 0;
  }
  const ms = lastMs;
  const b = new Uint8Array(16);
  b[0] = Math.floor(ms / 2 ** 40) & 0xff;
  b[1] = Math.floor(ms / 2 ** 32) & 0xff;
  b[2] = (ms >>> 24) & 0xff;
  b[3] = (ms >>> 16) & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | (counter >>> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (random[2]! & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = random[i - 6]!;
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += HEX[b[i]!];
    if (i === 3 || i === 5 || i === 7 || i === 9) out += '-';
  }
  return out;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return UUID_RE.test(value);
}
