import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../main/electron/menu';
import { MENU_COMMANDS, type MenuCommand } from '../../shared/contract';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('the app menu', () => {
  it('offers every menu command, each sending its own command to the window', () => {
    const sent: MenuCommand[] = [];
    const all = items(appMenuTemplate({ command: (c) => sent.push(c) }, 'linux'));
    all.filter((item) => item.click).forEach(click);
    expect([...sent].sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('shows the shortcuts but leaves the keys to the page, so typing "n" in a field stays a letter', () => {
    const all = items(appMenuTemplate({ command: () => {} }, 'win32'));
    const withKeys = all.filter((item) => item.accelerator);
    expect(withKeys.map((item) => [item.label, item.accelerator])).toEqual([
      ['New Lead', 'N'],
      ['Log a Call', 'L'],
      ['Search…', 'CmdOrCtrl+K'],
      ['Keyboard Shortcuts', 'Shift+/'],
    ]);
    expect(withKeys.every((item) => item.registerAccelerator === false)).toBe(true);
  });

  it('offers Export Diagnostics only when logging provides it', () => {
    const labels = (withExport: boolean) =>
      items(appMenuTemplate({ command: () => {}, ...(withExport ? { exportDiagnostics: () => {} } : {}) }, 'darwin')).map((i) => i.label);
    expect(labels(false)).not.toContain('Export Diagnostics…');
    expect(labels(true)).toContain('Export Diagnostics…');
  });
});
