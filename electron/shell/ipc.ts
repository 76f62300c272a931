/** The single invoke channel and the event channel, with the sender checked on every message. */
import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/api';
import type { Engine } from '../engine/engine';
import { isInvokeRequest, isTrustedSender } from './trusted-sender';

export function registerIpc(engine: Engine, getWindow: () => BrowserWindow | null): void {
  ipcMain.handle(IPC_INVOKE, async (event, msg: unknown) => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender(frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame, detached: frame.detached } : null);
    if (!trusted) return { ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted sender' } };
    if (!isInvokeRequest(msg)) return { ok: false, error: { code: 'VALIDATION', message: 'Malformed request' } };
    return engine.invoke(msg.method, msg.input);
  });
  engine.onEvent((e) => getWindow()?.webContents.send(IPC_EVENT, e));
}
