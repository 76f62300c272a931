/**
 * Installs `window.tvaerblik`, the contract's API object, and nothing else. The renderer never
 * sees ipcRenderer itself, only these functions.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, IPC_PICK_FOLDER, type TvaerblikApi } from '../../shared/api';
import type { EngineEvent } from '../../shared/contract';

const api: TvaerblikApi<File> = {
  invoke: (method, input) => ipcRenderer.invoke(IPC_INVOKE, { method, input }),
  pathForFile: async (file) => webUtils.getPathForFile(file),
  pickFolder: () => ipcRenderer.invoke(IPC_PICK_FOLDER),
  onEvent(listener) {
    const wrapped = (_e: IpcRendererEvent, event: EngineEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
};

contextBridge.exposeInMainWorld('tvaerblik', api);
