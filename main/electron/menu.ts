import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/contract';

export interface MenuActions {
  /** Runs a command in the focused window (the renderer does what its shortcut does). */
  command(command: MenuCommand): void;
  /** Help > Export diagnostics: saves the logs for support (absent until logging provides it). */
  exportDiagnostics?: () => void;
}

/**
 * The app's menu. The keys shown are the renderer's own shortcuts (renderer/src/shell/
 * shortcuts.ts); they are displayed but not registered here (`registerAccelerator:
 * false`), so typing "n" in a text field stays a letter and the renderer remains the
 * one place that handles keys. "G then B"-style chords cannot be menu accelerators.
 */
export function appMenuTemplate(actions: MenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => actions.command(command),
  });
  const isMac = platform === 'darwin';
  const help: MenuItemConstructorOptions[] = [item('Keyboard Shortcuts', 'showShortcuts', 'Shift+/')];
  if (actions.exportDiagnostics) {
    help.push({ type: 'separator' }, { label: 'Export Diagnostics…', click: actions.exportDiagnostics });
  }
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [item('New Lead', 'newLead', 'N'), item('Log a Call', 'logCall', 'L'), { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        item('Search…', 'search', 'CmdOrCtrl+K'),
        { type: 'separator' },
        item('Pipeline Board', 'goToBoard'),
        item('Leads', 'goToLeads'),
        item('Needs Attention', 'goToAttention'),
        item('Reports', 'goToReports'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: help },
  ];
}

export function installAppMenu(actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions)));
}
