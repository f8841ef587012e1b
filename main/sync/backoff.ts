/**
 * Exponential backoff with jitter, capped: the n-th consecutive failure waits between
 * half and all of base·2ⁿ⁻¹ (never above the cap), so clients that failed together do
 * not retry together, and never less than the server's Retry-After. Pure: the caller
 * gives the randomness.
 */
export function retryDelayMs(
  failures: number,
  random: () => number,
  options: { baseMs?: number; capMs?: number; retryAfterMs?: number | null } = {},
): number {
  const base = options.baseMs ?? 1_000;
  const cap = options.capMs ?? 5 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
