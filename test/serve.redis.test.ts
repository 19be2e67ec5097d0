import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../bench/util.js';
import { openCorpusIndex } from '../src/index.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { parseTokens } from '../src/serve/tokens.js';
import { seedDocs, seedText, testPort } from './helpers.js';

// `wiretrace serve --redis`: Debian's redis-server (installed by .ci/run), started on a free
// loopback port. CI must run this test; without redis-server it is skipped with a message.
const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (!redisBin && process.env.CI) throw new Error('CI must provide redis-server (apt-get install redis-server) for the serve --redis test');
if (!redisBin) console.warn('serve.redis.test: no redis-server found; skipping');

const TOKEN = 'write-token-for-redis-test';

describe.skipIf(!redisBin)('wiretrace serve on a Redis index', () => {
  let redis: RedisServer;
  let server: RunningServer;
  beforeAll(async () => {
    redis = await startRedis(redisBin);
    const index = await openCorpusIndex({ redis: redis.url, prefix: 'serve' });
    await index.add(seedDocs());
    await index.close();
    server = await startServer({ index: { redis: redis.url, prefix: 'serve' }, tokens: parseTokens(`write ${TOKEN}`, 'test'), port: await testPort(), workers: 2 });
  });
  afterAll(async () => {
    await server?.close();
    redis?.stop();
  });

  it('traces a paragraph of 003 to 003, and feeds and removes a document', async () => {
    const t = seedText('003');
    const text = t.slice(t.indexOf('Since their meeting in September'), t.indexOf('South Korea’s foreign ministry'));
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const res = await fetch(`${server.url}/api/check`, { method: 'POST', headers, body: JSON.stringify({ text }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { sources: { id: string }[] }).sources[0]!.id).toBe('003');
    const add = await fetch(`${server.url}/api/documents`, { method: 'POST', headers, body: JSON.stringify({ id: 'w1', text: 'A wire item about the harbour.' }) });
    expect(add.status).toBe(201);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const stats = (await (await fetch(`${server.url}/api/stats`, { headers: auth })).json()) as { store: string; documents: number };
    expect(stats).toMatchObject({ store: 'redis', documents: 6 });
    expect((await fetch(`${server.url}/api/documents/w1`, { method: 'DELETE', headers: auth })).status).toBe(200);
  });
});
