import type { Migration } from './migration';
import { initial } from './0001_initial';
import { sync } from './0002_sync';
import { workspace } from './0003_workspace';
import { madeOffline } from './0004_made_offline';
import { reminders } from './0005_reminders';
import { imports } from './0006_imports';
import { merge } from './0007_merge';
import { duplicates } from './0008_duplicates';
import { bulkActions } from './0009_bulk_actions';
import { indexesSetAside } from './0010_indexes_set_aside';
import { conflictsPerRule } from './0011_conflicts_per_rule';
import { resyncUnseen } from './0012_resync_unseen';

/** Every migration, in order. Append only: a shipped migration never changes. */
export const MIGRATIONS: readonly Migration[] = [initial, sync, workspace, madeOffline, reminders, imports, merge, duplicates, bulkActions, indexesSetAside, conflictsPerRule, resyncUnseen];
