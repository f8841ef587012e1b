import path from 'node:path';
import { dialog, type BrowserWindow, type OpenDialogOptions, type OpenDialogReturnValue } from 'electron';
import type { ChosenImportFile, ImportPreview, ShellChannel } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { Handlers } from '../handlers';
import { readCsvHead } from '../import/csv-file';
import { detectEncoding, type CsvEncoding } from '../import/encoding';
import type { ContractBackend } from './ipc';

export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

/** Electron's open dialog, over whichever app window asked (or on its own when none is there). */
export function electronOpenDialog(window: () => BrowserWindow | null): ShowOpenDialog {
  return (options) => {
    const parent = window();
    return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
  };
}

/**
 * The channels only the desktop shell answers (`SHELL_CHANNELS`). `imports.chooseFile`
 * shows the system's file dialog, reads the start of the picked file here (so the core
 * is never asked to read a path for the page), and has the core preview it like text
 * the browser page sends. The page then imports it with `imports.fromFile` and the path.
 */
export function shellHandlers(deps: {
  showOpenDialog: ShowOpenDialog;
  backend: Pick<ContractBackend, 'invoke'>;
  /** Files the user picked in the dialog: the only paths `imports.fromFile` may read for the page. */
  chosenFiles?: Set<string>;
}): Handlers<ShellChannel> {
  return {
    'imports.chooseFile': async (): Promise<ChosenImportFile | null> => {
      const { canceled, filePaths } = await deps.showOpenDialog({
        title: 'Import leads from a CSV file',
        properties: ['openFile'],
        filters: [
          { name: 'CSV files', extensions: ['csv', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      const file = canceled ? undefined : filePaths[0];
      if (!file) return null;
      deps.chosenFiles?.add(file);
      const fileName = path.basename(file);
      let encoding: CsvEncoding;
      let text: string;
      try {
        encoding = await detectEncoding(file);
        text = await readCsvHead(file, encoding);
      } catch {
        throw new AppError('invalid_input', `Fieldline cannot read ${fileName}.`);
      }
      if (!text.trim()) throw new AppError('invalid_input', `${fileName} is empty.`);
      const preview = await deps.backend.invoke('imports.preview', { fileName, text });
      if (!preview.ok) throw new AppError(preview.error.code, preview.error.message);
      return { path: file, fileName, preview: { ...(preview.value as ImportPreview), encoding } };
    },
  };
}
