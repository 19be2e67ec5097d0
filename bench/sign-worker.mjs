// Worker for the all-cores signing figure (one per core): signs the texts it is given with the built package.
import { parentPort, workerData } from 'node:worker_threads';
import { signText } from '../dist/index.js';

const { texts } = workerData;
for (const t of texts.slice(0, 500)) signText(t); // warm-up, as on the one-core path (500 texts)
const out = new Uint32Array(texts.length * 128);
const t0 = performance.now();
texts.forEach((t, i) => out.set(signText(t), i * 128));
parentPort.postMessage({ ms: performance.now() - t0, sigs: out }, [out.buffer]);
