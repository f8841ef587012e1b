import { v7 } from 'uuid';

/**
 * Time-ordered UUIDv7: new rows land at the end of the primary-key B-tree
 * instead of at random pages, which keeps 100K-row inserts append-mostly.
 */
export function newId(): string {
  return v7();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return UUID_RE.test(value);
}
