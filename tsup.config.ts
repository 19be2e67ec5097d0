import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: ESM + CJS + declarations for both.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    treeshake: true,
    // import.meta.url (used to load the optional store drivers) in the CommonJS build
    shims: true,
  },
  {
    // The worker-thread entry of src/parallel, as its own file beside the bundles that start it
    // (dist/index.js and dist/cli.js load worker.js, dist/index.cjs loads worker.cjs).
    entry: { worker: 'src/parallel/worker.ts' },
    format: ['esm', 'cjs'],
    sourcemap: true,
    target: 'node20',
    treeshake: true,
  },
  {
    // The CLI: one self-contained ESM file with a shebang (the library code is bundled in,
    // so the CLI never depends on how the package is resolved at run time).
    // serve-worker: the index worker of `wiretrace serve`, started from beside the bundle
    entry: { cli: 'src/cli/main.ts', 'serve-worker': 'src/serve/worker.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
