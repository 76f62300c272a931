/**
 * The object the host installs on `window.tvaerblik`: the Electron preload in the app, the
 * test bridge in Playwright. The renderer cannot tell which host it runs in.
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
  /** Subscribes to engine events; returns the function that unsubscribes. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** The single IPC channel names, defined once for the preload and the main process. */
export const IPC_INVOKE = 'tvaerblik:invoke';
export const IPC_EVENT = 'tvaerblik:event';
