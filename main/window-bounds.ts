import fs from 'node:fs';
import path from 'node:path';

/** A rectangle in screen coordinates (Electron's `Rectangle`). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered of the main window between runs. */
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** Less of the window than this on any screen, and it is treated as lost off-screen. */
const MIN_VISIBLE = { width: 200, height: 100 } as const;

/**
 * Where to open the window: the remembered bounds when enough of them is on a screen
 * that still exists (moved fully onto it, and shrunk to fit), otherwise the remembered
 * or default size centred on the primary screen. A monitor unplugged since last time
 * never leaves the window somewhere the user cannot see it.
 *
 * @param workAreas the screens' work areas, the primary first.
 */
export function placeWindow(saved: Rect | null, workAreas: readonly Rect[]): Rect {
  const primary = workAreas[0];
  if (!primary) return { x: 0, y: 0, ...DEFAULT_SIZE };
  const wanted = saved ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  let best: Rect | null = null;
  let bestArea = 0;
  if (saved) {
    for (const area of workAreas) {
      const overlap = intersection(saved, area);
      if (overlap && overlap.width >= MIN_VISIBLE.width && overlap.height >= MIN_VISIBLE.height && overlap.width * overlap.height > bestArea) {
        best = area;
        bestArea = overlap.width * overlap.height;
      }
    }
  }
  const screen = best ?? primary;
  const width = clamp(wanted.width, Math.min(MIN_SIZE.width, screen.width), screen.width);
  const height = clamp(wanted.height, Math.min(MIN_SIZE.height, screen.height), screen.height);
  if (!best) {
    return {
      x: screen.x + Math.round((screen.width - width) / 2),
      y: screen.y + Math.round((screen.height - height) / 2),
      width,
      height,
    };
  }
  return {
    x: clamp(wanted.x, screen.x, screen.x + screen.width - width),
    y: clamp(wanted.y, screen.y, screen.y + screen.height - height),
    width,
    height,
  };
}

function intersection(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** A remembered state, or null when the file holds anything else (hand-edited, truncated). */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as Partial<Record<keyof WindowState, unknown>>;
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Partial<Record<keyof Rect, unknown>>;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);
  if (!whole(x) || !whole(y) || !whole(width) || !whole(height) || width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

/** The window's file in the app's user-data folder (not any one user's: it is the computer's screen). */
export const WINDOW_STATE_FILE = 'window-state.json';

export function readWindowState(dir: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(fs.readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8')));
  } catch {
    return null;
  }
}

export function writeWindowState(dir: string, state: WindowState): void {
  const file = path.join(dir, WINDOW_STATE_FILE);
  // Written whole then renamed, so a crash mid-write leaves the previous state.
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
  fs.renameSync(`${file}.tmp`, file);
}
