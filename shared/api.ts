/**
 * The object the host installs on `window.tvaerblik`: the Electron preload in the app, the
 * test bridge in Playwright, the browser preview's bridge script. The renderer cannot tell which host it runs in.
 *
 * `PickedFile` is the platform's handle for a file the user picked or dropped: the DOM's `File`
 * in the renderer, the preload and the test bridge, which each write `TvaerblikApi<File>`.
 * shared/ sees no DOM, so the contract names the handle without knowing its shape; the host
 * alone turns it into a path.
 */
import type { EngineEvent, Input, MethodName, Output } from './contract';
import type { Result } from './errors';

export interface TvaerblikApi<PickedFile> {
  invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>>;
  /** The file-system path of a file the user picked or dropped (the engine reads it itself). */
  pathForFile(file: PickedFile): Promise<string>;
  /**
   * Asks the user for a folder to write into (sector packets are written there by the engine, never
   * sent over IPC); null when the user cancels. The Electron shell shows its folder dialog, the
   * test bridge answers the test's temporary folder, the browser preview a folder of its own.
   */
  pickFolder(): Promise<string | null>;
  /** Subscribes to engine events; returns the function that unsubscribes. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** The IPC channel names, defined once for the preload and the main process. */
export const IPC_INVOKE = 'tvaerblik:invoke';
/** The folder dialog: a channel of its own, since the engine never opens dialogs (it has no electron). */
export const IPC_PICK_FOLDER = 'tvaerblik:pickFolder';
export const IPC_EVENT = 'tvaerblik:event';
