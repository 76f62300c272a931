/**
 * The invoke channel, the folder dialog and the event channel, with the sender checked on every
 * message. The dialog lives here, in the shell, so the engine stays plain Node without electron.
 */
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, IPC_PICK_FOLDER } from '../../shared/api';
import type { Engine } from '../engine/engine';
import { isInvokeRequest, isTrustedSender } from './trusted-sender';

const UNTRUSTED = { ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted sender' } } as const;

function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame, detached: frame.detached } : null);
}

export function registerIpc(engine: Engine, getWindow: () => BrowserWindow | null): void {
  ipcMain.handle(IPC_INVOKE, async (event, msg: unknown) => {
    if (!trusted(event)) return UNTRUSTED;
    if (!isInvokeRequest(msg)) return { ok: false, error: { code: 'VALIDATION', message: 'Malformed request' } };
    return engine.invoke(msg.method, msg.input);
  });
  // Takes no arguments from the renderer: it can only ask, and gets the folder the user chose (or null).
  ipcMain.handle(IPC_PICK_FOLDER, async (event) => {
    if (!trusted(event)) return null;
    const win = getWindow();
    const options = { properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  engine.onEvent((e) => getWindow()?.webContents.send(IPC_EVENT, e));
}
