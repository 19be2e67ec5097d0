/**
 * An index worker: opens the index named in workerData itself, then runs one task at a time
 * for the server (checks, additions, removals, look-ups), and closes the index when told.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkDraft, type DraftReport } from '../corpus/check.js';
import { openCorpusIndex, type StoredCorpusIndex } from '../corpus/persistent.js';
import { scanIntoScratch } from '../text/tokenize.js';
import { ServiceRefusal, toTaskError, type AddResult, type FromWorker, type IndexTarget, type Task, type ToWorker } from './protocol.js';

const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);
const sources = (workerData as IndexTarget).sources;

async function open(target: IndexTarget): Promise<StoredCorpusIndex> {
  // minContainment as in `wiretrace check --db`: the service and the CLI give the same answers
  const base = { minContainment: 0.01 };
  if (target.redis !== undefined) return openCorpusIndex({ ...base, redis: target.redis, ...(target.prefix ? { prefix: target.prefix } : {}) });
  return openCorpusIndex({ ...base, sqlite: target.sqlite! });
}

async function add(index: StoredCorpusIndex, task: Extract<Task, { op: 'add' }>): Promise<AddResult> {
  const existing: string[] = [];
  for (const d of task.docs) if (await index.has(d.id)) existing.push(d.id);
  const have = new Set(existing);
  const fresh = task.docs.filter((d) => !have.has(d.id));
  // refused whole unless told to skip: a feed that resends a story learns which ids it sent twice
  if (existing.length > 0 && !task.skipExisting) return { added: [], existing, empty: [], size: await index.size() };
  if (fresh.length > 0) await index.add(fresh);
  // accepted, as the library and `index add` accept them, but the feed is told (as analyze warns): such a document matches nothing
  const empty = fresh.filter((d) => scanIntoScratch(d.text, index.params).count === 0).map((d) => d.id);
  return { added: fresh.map((d) => d.id), existing, empty, size: await index.size() };
}

/**
 * The library's report, passed through as it returns it (the server adds only the version and
 * the verdict). A draft with words that matches nothing in an index of no documents was not
 * checked against anything: refused, never a pass (counted only then, as COUNT(*) reads a table).
 */
async function check(index: StoredCorpusIndex, task: Extract<Task, { op: 'check' }>): Promise<DraftReport> {
  const report = await checkDraft(task.draft, index, { ...(task.limit !== undefined ? { limit: task.limit } : {}), ...(task.credits ? { credits: task.credits } : {}), ...(sources ? { sources } : {}) });
  if (report.tokens > 0 && report.sources.length === 0 && (await index.size()) === 0) {
    throw new ServiceRefusal('E_EMPTY_INDEX', 'the index holds no documents, so there is nothing to check the draft against: the draft was not checked (add wire copy first: POST /api/documents, or wiretrace index add)');
  }
  return report;
}

async function run(index: StoredCorpusIndex, task: Task): Promise<unknown> {
  switch (task.op) {
    case 'check':
      return check(index, task);
    case 'add':
      return add(index, task);
    case 'remove':
      return { removed: await index.remove(task.id), size: await index.size() };
    case 'get':
      return (await index.get(task.id)) ?? null;
    case 'stats':
      return index.stats();
  }
}

async function main(): Promise<void> {
  let index: StoredCorpusIndex;
  try {
    index = await open(workerData as IndexTarget);
  } catch (e) {
    send({ fatal: toTaskError(e) });
    return;
  }
  send({ ready: true });
  port.on('message', (m: ToWorker) => {
    if ('close' in m) {
      void index.close().finally(() => {
        send({ closed: true });
        port.close();
      });
      return;
    }
    run(index, m.task).then(
      (ok) => send({ id: m.id, ok }),
      (e: unknown) => send({ id: m.id, err: toTaskError(e) }),
    );
  });
}

void main();
