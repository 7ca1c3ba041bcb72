// Web worker entry: runs the engine and the standalone pane's file work off the pane's thread, so big trackers never
// freeze the pane (or get it restarted).
import { engineWorker, type EngineRequest, type EngineResponse } from './engine';
import { readFiles, writeFiles } from './file-work';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<EngineRequest>) => void) | null;
  postMessage(m: EngineResponse, transfer?: Transferable[]): void;
};
const handle = engineWorker((m, transfer) => scope.postMessage(m, transfer ?? []), { readFiles, writeFiles });

scope.onmessage = (e) => handle(e.data);
