// Web worker entry: runs the engine off the pane's thread, so big trackers never freeze the pane (or get it restarted).
import { engineWorker, type EngineRequest, type EngineResponse } from './engine';

const scope = self as unknown as { onmessage: ((e: MessageEvent<EngineRequest>) => void) | null; postMessage(m: EngineResponse): void };
const handle = engineWorker((m) => scope.postMessage(m));

scope.onmessage = (e) => handle(e.data);
