import type { ContractEvents } from '../../shared/contract';
import { realTimers, type SchedulerTimers } from '../sync/sync-scheduler';
import { nextReminders } from './planner';
import type { ReminderSource } from './reminder-log';

export type FollowUpReminder = ContractEvents['followUpDue'];

/** Shows a reminder: the workspace turns it into the `followUpDue` event. */
export interface Notifier {
  show(reminder: FollowUpReminder): void;
}

export interface ReminderSchedulerOptions {
  source: ReminderSource;
  notifier: Notifier;
  now?: () => Date;
  timers?: SchedulerTimers;
}

/**
 * Never sleep longer than this: timers do not run while the computer is suspended and
 * do not notice the clock being set, so a long wait could fire hours late.
 */
export const LONGEST_WAIT_MS = 60_000;
/** A burst of changes (a sync applying pages) looks at the follow-ups once. */
export const CHANGE_SETTLE_MS = 500;
/** The catch-up look waits for the app to come up, so its reminder has someone to show it. */
export const FIRST_LOOK_MS = 3_000;

/**
 * Reminds the signed-in user of follow-ups as they come due, from the local database
 * only (so offline too). At start it catches up on the ones that came due while the app
 * was closed. Whatever is due at one look becomes one reminder ("3 follow-ups are due"),
 * never a burst, and each follow-up reminds once per due time.
 */
export class ReminderScheduler {
  private readonly timers: SchedulerTimers;
  private readonly now: () => Date;
  private timer: unknown = null;
  private timerAt = Infinity;
  private stopped = true;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.wakeIn(FIRST_LOOK_MS);
  }

  /** Follow-ups may have changed (added, done, moved, synced): look again shortly. */
  tasksChanged(): void {
    if (!this.stopped) this.wakeIn(CHANGE_SETTLE_MS);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private check(): void {
    this.clearTimer();
    if (this.stopped) return;
    const { source, notifier } = this.options;
    const now = this.now();
    let nextWakeAt: Date | null = null;
    try {
      const { tasks, reminded } = source.candidates(now);
      const plan = nextReminders(tasks, reminded, now);
      nextWakeAt = plan.nextWakeAt;
      const first = plan.dueNow[0];
      if (first) {
        // Recorded before showing: a crash in between loses one reminder rather than repeating it.
        source.markReminded(plan.dueNow, now);
        notifier.show({ leadId: first.leadId, title: first.title, leadName: first.leadName, dueAt: first.dueAt, count: plan.dueNow.length });
      }
    } catch {
      // The database is busy or closing; the next look tries again.
    }
    const untilNext = nextWakeAt ? nextWakeAt.getTime() - now.getTime() : Infinity;
    this.wakeIn(Math.max(0, Math.min(untilNext, LONGEST_WAIT_MS)));
  }

  /** Looks again in `ms`, unless a look is already due sooner. */
  private wakeIn(ms: number): void {
    const at = this.now().getTime() + ms;
    if (this.timer !== null && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.check();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}
