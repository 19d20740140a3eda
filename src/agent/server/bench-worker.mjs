// Worker entry: the agent's benchmarks run here so onnxruntime-node's blocking run() never stalls the server.
import { register } from 'tsx/esm/api';

register();
await import('./bench-worker.ts');
