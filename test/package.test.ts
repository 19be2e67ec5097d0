import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** What `npm pack` needs to build the package: the sources and the build's configuration. */
const PACK_SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsup.config.ts', 'README.md', 'LICENSE', 'src'];

/**
 * A copy of the project to pack from: `npm pack` runs prepare, whose build empties dist/ first,
 * and in the checkout itself that left `wiretrace` without its dist/ while the suite ran.
 */
function packCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'wiretrace-pack-src-'));
  for (const f of PACK_SOURCES) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

// Tests what users install: `npm pack` (which builds, here in a copy of the sources), install
// the tarball into an empty project, and use it from ESM, CommonJS and the CLI.
describe('the packed package', () => {
  let dir = '';
  let src = '';
  let cliBefore = 0;
  beforeAll(() => {
    cliBefore = statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs;
    dir = mkdtempSync(join(tmpdir(), 'wiretrace-pack-'));
    src = packCopy();
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: src, encoding: 'utf8' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball, out).toBeDefined();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(dir, tarball!)], { cwd: dir, stdio: 'pipe' });
  }, 300_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  });

  it('leaves the checkout\'s dist/ alone: `wiretrace` keeps working while the suite packs', () => {
    expect(statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs).toBe(cliBefore);
  });

  const script = `const a = { id: 'a', text: 'North Korean leader Kim Jong Un received a Russian-made car from Vladimir Putin on Sunday.' };
const b = { id: 'b', text: 'North Korean leader Kim Jong Un received a Russian-made car from Vladimir Putin, KCNA said.' };
const pairs = w.findNearDuplicates([a, b], { threshold: 0.3 });
// 12 shared word 3-grams of a 16-gram union: Jaccard 0.75
console.log(JSON.stringify({ n: pairs.length, j: Math.round(pairs[0].jaccard * 100), sig: w.fingerprint(a).signature.length }));`;

  it('imports from ESM and runs a call', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import * as w from 'wiretrace';\n${script}`], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ n: 1, j: 75, sig: 128 });
  });

  it('requires from CommonJS and runs the same call with the same result', () => {
    const r = spawnSync(process.execPath, ['-e', `const w = require('wiretrace');\n${script}`], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ n: 1, j: 75, sig: 128 });
  });

  it('names the missing optional driver when a store is opened without it', () => {
    for (const [opt, pkg] of [
      ['{ sqlite: "x.db" }', 'better-sqlite3'],
      ['{ redis: "redis://127.0.0.1:1" }', 'ioredis'],
    ] as const) {
      const r = spawnSync(process.execPath, ['-e', `require('wiretrace').openCorpusIndex(${opt}).then(() => console.log('opened'), (e) => console.log(e.code, e.message))`], { cwd: dir, encoding: 'utf8' });
      expect(r.stdout).toMatch(new RegExp(`^E_DEPENDENCY .*npm install ${pkg}`));
    }
  });

  it('prints nothing on import (natural is imported by deep path only)', () => {
    for (const code of [`import 'wiretrace';`, `require('wiretrace');`]) {
      const args = code.startsWith('import') ? ['--input-type=module', '-e', code] : ['-e', code];
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout + r.stderr).toBe('');
    }
    // no module from natural's root, dotenv or a database client is loaded
    const r = spawnSync(process.execPath, ['-e', `require('wiretrace'); console.log(Object.keys(require.cache).filter((k) => /dotenv|mongoose|[\\\\/]pg[\\\\/]|natural[\\\\/]lib[\\\\/]natural[\\\\/]index/.test(k)).length)`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('0');
  });
});

