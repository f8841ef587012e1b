import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, MIN_SIZE, WINDOW_STATE_FILE, parseWindowState, placeWindow, readWindowState, writeWindowState } from '../../main/window-bounds';
import { tempDir } from '../support/temp';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const monitorOnRight = { x: 1440, y: -200, width: 2560, height: 1400 };

describe('where the window opens', () => {
  it('opens where it was closed when that spot is still on a screen', () => {
    const saved = { x: 1600, y: 0, width: 1500, height: 1000 };
    expect(placeWindow(saved, [laptop, monitorOnRight])).toEqual(saved);
  });

  it('opens at the default size in the middle of the main screen the first time', () => {
    expect(placeWindow(null, [laptop])).toEqual({ x: 80, y: 28, ...DEFAULT_SIZE });
  });

  it('comes back to the main screen when its monitor was unplugged', () => {
    const onTheMissingMonitor = { x: 2000, y: 100, width: 1200, height: 800 };
    expect(placeWindow(onTheMissingMonitor, [laptop])).toEqual({ x: 120, y: 38, width: 1200, height: 800 });
  });

  it('treats a window with only a sliver on screen as lost', () => {
    const sliver = { x: laptop.width - 50, y: 100, width: 1000, height: 700 };
    const placed = placeWindow(sliver, [laptop]);
    expect(placed.x).toBeGreaterThanOrEqual(0);
    expect(placed.x + placed.width).toBeLessThanOrEqual(laptop.width);
  });

  it('moves a half-off-screen window fully onto the screen it mostly covers', () => {
    const hanging = { x: -300, y: 500, width: 1000, height: 700 };
    expect(placeWindow(hanging, [laptop])).toEqual({ x: 0, y: 175, width: 1000, height: 700 });
  });

  it('shrinks a window larger than the screen it lands on (a smaller monitor now)', () => {
    const huge = { x: 0, y: 0, width: 3000, height: 2000 };
    expect(placeWindow(huge, [laptop])).toEqual(laptop);
  });

  it('never opens smaller than the minimum, unless the screen itself is smaller', () => {
    expect(placeWindow({ x: 10, y: 10, width: 100, height: 100 }, [laptop])).toMatchObject(MIN_SIZE);
    const tiny = { x: 0, y: 0, width: 640, height: 480 };
    expect(placeWindow({ x: 0, y: 0, width: 100, height: 100 }, [tiny])).toEqual(tiny);
  });

  it('respects screens at negative coordinates (a monitor left of the main one)', () => {
    const left = { x: -1920, y: 0, width: 1920, height: 1040 };
    const saved = { x: -1800, y: 50, width: 1200, height: 800 };
    expect(placeWindow(saved, [laptop, left])).toEqual(saved);
  });

  it('keeps every placement fully on some screen (property)', async () => {
    const fc = (await import('fast-check')).default;
    const rect = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 1, max: 6000 }),
      height: fc.integer({ min: 1, max: 4000 }),
    });
    const screen = fc.record({
      x: fc.integer({ min: -4000, max: 4000 }),
      y: fc.integer({ min: -2000, max: 2000 }),
      width: fc.integer({ min: 320, max: 4000 }),
      height: fc.integer({ min: 240, max: 2500 }),
    });
    fc.assert(
      fc.property(fc.option(rect, { nil: null }), fc.array(screen, { minLength: 1, maxLength: 3 }), (saved, screens) => {
        const placed = placeWindow(saved, screens);
        const inside = screens.some(
          (s) => placed.x >= s.x && placed.y >= s.y && placed.x + placed.width <= s.x + s.width && placed.y + placed.height <= s.y + s.height,
        );
        expect(inside).toBe(true);
      }),
      { numRuns: 1000, seed: 5 },
    );
  });
});

describe('the remembered window state', () => {
  it('survives a restart', () => {
    const dir = tempDir();
    writeWindowState(dir, { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true });
    expect(readWindowState(dir)).toEqual({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true });
  });

  it('is ignored when missing, truncated or hand-edited into nonsense', () => {
    const dir = tempDir();
    expect(readWindowState(dir)).toBeNull();
    fs.writeFileSync(path.join(dir, WINDOW_STATE_FILE), '{"bounds":{"x":1');
    expect(readWindowState(dir)).toBeNull();
    for (const bad of [null, [], { bounds: null }, { bounds: { x: 0, y: 0, width: -5, height: 10 } }, { bounds: { x: '0', y: 0, width: 5, height: 5 } }, { bounds: { x: 0.5, y: 0, width: 5, height: 5 } }, { bounds: { x: 1e300, y: 0, width: 5, height: 5 } }]) {
      expect(parseWindowState(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
