import { useEffect, useState } from 'react';
import type { Colleague } from '../../../shared/contract';
import { useCrmQuery } from '../api';

const NO_ONE: Colleague[] = [];

/** The colleagues in the user's branches, for names on the timeline and the owner picker. */
export function useColleagues(): Colleague[] {
  const { data } = useCrmQuery('users.list', {}, [], { reloadOn: ['sessionChanged'] });
  return data ?? NO_ONE;
}

/** Seconds elapsed since `startedAt` (ms), refreshed a few times a second so the shown second never skips; null when not running. */
export function useElapsedSeconds(startedAt: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [startedAt]);
  return startedAt === null ? null : Math.max(0, Math.floor((now - startedAt) / 1000));
}

/**
 * Marks the control a modal <dialog> focuses when it opens: `showModal()` looks for the
 * `autofocus` attribute, and React's `autoFocus` prop only calls focus() before the
 * dialog opens (the dialog then moves focus to its first button, the close ×).
 * Use as a ref: `<input ref={focusWhenDialogOpens} />`.
 */
export function focusWhenDialogOpens(element: HTMLElement | null): void {
  element?.setAttribute('autofocus', '');
}
