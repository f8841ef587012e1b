import type { Migration } from './migration';
import { initial } from './0001_initial';

/** Every migration, in order. Append only: a shipped migration never changes. */
export const MIGRATIONS: readonly Migration[] = [initial];
