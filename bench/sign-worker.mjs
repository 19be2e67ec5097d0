// Worker for the all-cores signing figure (one per core): signs the texts it is given with the built package.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { signText } from '../dist/index.js';

/** This thread's CPU milliseconds (Linux: /proc/thread-self/stat, in clock ticks of 10 ms), or undefined elsewhere. */
function threadCpuMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

const { texts } = workerData;
for (const t of texts.slice(0, 500)) signText(t); // warm-up, as on the one-core path (500 texts)
const out = new Uint32Array(texts.length * 128);
const t0 = performance.now();
const c0 = threadCpuMs();
texts.forEach((t, i) => out.set(signText(t), i * 128));
const c1 = threadCpuMs();
parentPort.postMessage({ ms: performance.now() - t0, cpuMs: c0 === undefined || c1 === undefined ? undefined : c1 - c0, sigs: out }, [out.buffer]);
