import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { showValue, WiretraceError } from '../errors.js';

/** A news source wiretrace can recognise, with the spellings it is cited by. */
export interface SourceEntry {
  /** Stable id, lower-case ("yonhap", "kcna"). */
  id: string;
  /** Display name. */
  name: string;
  kind: 'wire' | 'state-media' | 'outlet' | 'photo';
  country?: string;
  /** Spellings matched case-sensitively as whole words (add each case variant you want). */
  aliases: string[];
}

/** The built-in gazetteer: wire agencies, state media and major outlets. Extend it through the `sources` option. */
export const BUILTIN_SOURCES: readonly SourceEntry[] = [
  { id: 'yonhap', name: 'Yonhap', kind: 'wire', country: 'KR', aliases: ['Yonhap News Agency', 'Yonhap News', 'Yonhap', 'YONHAP', '연합뉴스'] },
  { id: 'reuters', name: 'Reuters', kind: 'wire', aliases: ['Thomson Reuters', 'Reuters', 'REUTERS'] },
  { id: 'ap', name: 'Associated Press', kind: 'wire', country: 'US', aliases: ['The Associated Press', 'Associated Press', 'AP'] },
  { id: 'afp', name: 'AFP', kind: 'wire', country: 'FR', aliases: ['Agence France-Presse', 'Agence France Presse', 'AFP'] },
  { id: 'kyodo', name: 'Kyodo', kind: 'wire', country: 'JP', aliases: ['Kyodo News', 'Kyodo'] },
  { id: 'kcna', name: 'KCNA', kind: 'state-media', country: 'KP', aliases: ['Korean Central News Agency', 'KCNA', '朝中社', '조선중앙통신'] },
  { id: 'kctv', name: 'KCTV', kind: 'state-media', country: 'KP', aliases: ['Korean Central Television', 'KCTV'] },
  { id: 'rodong', name: 'Rodong Sinmun', kind: 'state-media', country: 'KP', aliases: ['Rodong Sinmun', 'Rodong'] },
  { id: 'tass', name: 'TASS', kind: 'wire', country: 'RU', aliases: ['ITAR-TASS', 'TASS', 'Tass'] },
  { id: 'ria', name: 'RIA Novosti', kind: 'wire', country: 'RU', aliases: ['RIA Novosti', 'RIA'] },
  { id: 'interfax', name: 'Interfax', kind: 'wire', country: 'RU', aliases: ['Interfax'] },
  { id: 'xinhua', name: 'Xinhua', kind: 'wire', country: 'CN', aliases: ['Xinhua News Agency', 'Xinhua', '新华社', '新華社', '新华通讯社'] },
  { id: 'upi', name: 'UPI', kind: 'wire', country: 'US', aliases: ['United Press International', 'UPI'] },
  { id: 'dpa', name: 'dpa', kind: 'wire', country: 'DE', aliases: ['Deutsche Presse-Agentur', 'dpa', 'DPA'] },
  { id: 'efe', name: 'EFE', kind: 'wire', country: 'ES', aliases: ['Agencia EFE', 'EFE'] },
  { id: 'ansa', name: 'ANSA', kind: 'wire', country: 'IT', aliases: ['ANSA'] },
  { id: 'pti', name: 'PTI', kind: 'wire', country: 'IN', aliases: ['Press Trust of India', 'PTI'] },
  { id: 'cnn', name: 'CNN', kind: 'outlet', country: 'US', aliases: ['CNN'] },
  { id: 'bbc', name: 'BBC', kind: 'outlet', country: 'GB', aliases: ['BBC News', 'BBC'] },
  { id: 'bloomberg', name: 'Bloomberg', kind: 'wire', country: 'US', aliases: ['Bloomberg News', 'Bloomberg'] },
  { id: 'nhk', name: 'NHK', kind: 'outlet', country: 'JP', aliases: ['NHK'] },
  { id: 'nyt', name: 'The New York Times', kind: 'outlet', country: 'US', aliases: ['The New York Times', 'New York Times'] },
  { id: 'wapo', name: 'The Washington Post', kind: 'outlet', country: 'US', aliases: ['The Washington Post', 'Washington Post'] },
  { id: 'wsj', name: 'The Wall Street Journal', kind: 'outlet', country: 'US', aliases: ['The Wall Street Journal', 'Wall Street Journal'] },
  { id: 'guardian', name: 'The Guardian', kind: 'outlet', country: 'GB', aliases: ['The Guardian'] },
  { id: 'aljazeera', name: 'Al Jazeera', kind: 'outlet', country: 'QA', aliases: ['Al Jazeera'] },
  { id: 'nknews', name: 'NK News', kind: 'outlet', aliases: ['NK News'] },
  // the Korean paper and its English edition: a wire's "quoted as saying by the JoongAng Ilbo" credits the Korea JoongAng Daily's scoop
  { id: 'joongang', name: 'Korea JoongAng Daily', kind: 'outlet', country: 'KR', aliases: ['Korea JoongAng Daily', 'JoongAng Ilbo', 'JoongAng Daily'] },
  { id: 'getty', name: 'Getty Images', kind: 'photo', aliases: ['Getty Images'] },
  { id: 'epa', name: 'EPA', kind: 'photo', aliases: ['EPA-EFE', 'EPA Images'] },
];

/** Sources named only generically; reported with `canonical: null`, never dropped. */
export const GENERIC_SOURCES =
  /\b(?:(?:North Korean|North Korea['’]s|Russian|Russia['’]s|Chinese|China['’]s|South Korean|Japanese|Iranian)\s+)?(?:official|state(?:-run| run)?|government)\s+(?:media(?:\s+reports?)?|news agency|television|TV|broadcaster|newspaper)\b|\b(?:the )?Kremlin(?=\s+spokes(?:man|woman|person)\b)|\bthe Kremlin\b|\blocal media\b|\bmedia reports\b/g;

const KINDS: readonly SourceEntry['kind'][] = ['wire', 'state-media', 'outlet', 'photo'];

const FIELDS = ['id', 'name', 'kind', 'country', 'aliases'] as const;

/**
 * What is wrong with a list of user gazetteer entries (empty when nothing). An entry with a
 * built-in id adds spellings to that outlet: it needs only `id` and `aliases`; a `name` or `kind`
 * other than the built-in's is refused (it would silently rename or re-kind the outlet).
 */
export function sourceProblems(list: unknown): string[] {
  if (!Array.isArray(list)) return [`sources must be an array of { id, name, kind, aliases } (got ${showValue(list)})`];
  const problems: string[] = [];
  list.forEach((e: unknown, i) => {
    const at = `sources[${i}]`;
    if (e === null || typeof e !== 'object' || Array.isArray(e)) {
      problems.push(`${at} must be an object { id, name, kind, aliases } (got ${showValue(e)})`);
      return;
    }
    const o = e as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => !(FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) problems.push(`${at}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (fields: ${[...FIELDS].sort().join(', ')})`);
    if (typeof o.id !== 'string' || o.id.length === 0) problems.push(`${at}.id must be a non-empty string (got ${showValue(o.id)})`);
    const builtin = typeof o.id === 'string' ? BUILTIN_SOURCES.find((b) => b.id === o.id) : undefined;
    if (builtin) {
      for (const k of ['name', 'kind'] as const) {
        if (o[k] !== undefined && o[k] !== builtin[k]) problems.push(`${at}.${k}: "${builtin.id}" is built in (name ${JSON.stringify(builtin.name)}, kind ${JSON.stringify(builtin.kind)}) and --sources adds spellings to it, not another ${k} (got ${showValue(o[k])}); give only id and aliases, or another id for another outlet`);
      }
    } else {
      if (typeof o.name !== 'string' || o.name.length === 0) problems.push(`${at}.name must be a non-empty string (got ${showValue(o.name)})`);
      if (!KINDS.includes(o.kind as SourceEntry['kind'])) problems.push(`${at}.kind must be one of ${KINDS.map((k) => `"${k}"`).join(', ')} (got ${showValue(o.kind)})`);
    }
    if (o.country !== undefined && typeof o.country !== 'string') problems.push(`${at}.country must be a string (got ${showValue(o.country)})`);
    if (!Array.isArray(o.aliases) || o.aliases.some((a) => typeof a !== 'string' || a.length === 0)) problems.push(`${at}.aliases must be an array of non-empty strings (got ${showValue(o.aliases)})`);
  });
  return problems.length > 0 ? problems : spellingClashes(list as SourceEntry[]);
}

/**
 * Spellings (names and aliases, case folded) that two entries of different ids would share: the
 * later one would take the other's mentions over (a newsroom's "Guardian Nigeria" with the alias
 * "The Guardian" would make a copy of The Guardian its own earlier item, an entry with the alias
 * "AP" would stop "AP reported" crediting the Associated Press). To add spellings to an entry,
 * give its id.
 */
function spellingClashes(list: readonly SourceEntry[]): string[] {
  // ids too: resolve() reads an outlet name as an id first ("Guardian" is the built-in "guardian")
  const owner = new Map<string, string>();
  for (const e of BUILTIN_SOURCES) for (const s of [e.id, e.name, ...e.aliases]) owner.set(s.toLowerCase(), e.id);
  const problems: string[] = [];
  list.forEach((e, i) => {
    // an entry that adds spellings to a built-in outlet may leave its name out
    for (const s of new Set([...(e.name !== undefined ? [e.name] : []), ...e.aliases])) {
      const other = owner.get(s.toLowerCase());
      if (other !== undefined && other !== e.id) problems.push(`sources[${i}]: "${s}" is already a spelling of "${other}"${BUILTIN_IDS.has(other) ? ' (built in)' : ''}; give other spellings, or the id "${other}" to add to that entry`);
    }
    for (const s of [e.id, ...(e.name !== undefined ? [e.name] : []), ...e.aliases]) owner.set(s.toLowerCase(), e.id);
  });
  return problems;
}

const BUILTIN_IDS = new Set(BUILTIN_SOURCES.map((e) => e.id));

/**
 * Gazetteer entries from a JSON file (an array of { id, name, kind, aliases }), for the command
 * lines' --sources; a mistake is an E_OPTIONS error naming the file (and the entry).
 */
export function readSourcesFile(file: string, cwd: string): SourceEntry[] {
  let list: unknown;
  let json: string;
  try {
    json = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new WiretraceError('E_OPTIONS', '--sources', `${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    list = JSON.parse(json);
  } catch (e) {
    // JSON.parse's message quotes the text, line breaks and all: one line
    throw new WiretraceError('E_OPTIONS', '--sources', `${file}: not JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  const problems = sourceProblems(list);
  // every problem, on one line: the user fixes the file once
  if (problems.length > 0) throw new WiretraceError('E_OPTIONS', '--sources', `${file}: ${problems.length > 1 ? `${problems.length} problems: ` : ''}${problems.join('; ')}`);
  // an entry adding spellings to a built-in outlet gets that outlet's name and kind
  return (list as SourceEntry[]).map((e) => {
    const builtin = BUILTIN_SOURCES.find((b) => b.id === e.id);
    return builtin ? { ...e, name: builtin.name, kind: builtin.kind } : e;
  });
}

const CJK = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Whether an alias matches without word boundaries (it has Chinese, Japanese or Korean characters). */
export function isCjkAlias(alias: string): boolean {
  return CJK.test(alias);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A compiled gazetteer: one alternation regex, longest alias first. */
export class Gazetteer {
  readonly entries: readonly SourceEntry[];
  readonly re: RegExp;
  /** Every alias `re` matches: the entries' aliases and their capitals. */
  readonly aliases: readonly string[];
  private readonly byAlias = new Map<string, SourceEntry>();
  private readonly byId = new Map<string, SourceEntry>();
  private readonly byLowerName = new Map<string, SourceEntry>();

  constructor(extra: readonly SourceEntry[] = []) {
    const problems = sourceProblems(extra);
    if (problems.length > 0) throw new WiretraceError('E_OPTIONS', 'Gazetteer', problems.length === 1 ? problems[0]! : `${problems.length} invalid sources`, problems);
    const merged = new Map<string, SourceEntry>();
    for (const e of [...BUILTIN_SOURCES, ...extra]) {
      const prev = merged.get(e.id);
      merged.set(e.id, prev ? { ...prev, ...e, aliases: [...new Set([...prev.aliases, ...e.aliases])] } : e);
    }
    this.entries = [...merged.values()];
    for (const e of this.entries) {
      this.byId.set(e.id, e);
      this.byLowerName.set(e.name.toLowerCase(), e);
      for (const a of e.aliases) {
        this.byAlias.set(a, e);
        this.byLowerName.set(a.toLowerCase(), e);
      }
    }
    // credit lines are often set in capitals: "© KYODO", "AGENCE FRANCE-PRESSE" (names of four letters or more: "DPA" may be anything)
    for (const e of this.entries) {
      for (const a of e.aliases) {
        const upper = a.toUpperCase();
        if (upper !== a && a.replace(/[^\p{L}]/gu, '').length >= 4 && !isCjkAlias(a) && !this.byAlias.has(upper)) this.byAlias.set(upper, e);
      }
    }
    const aliases = [...this.byAlias.keys()].sort((x, y) => y.length - x.length || (x < y ? -1 : 1));
    this.aliases = aliases;
    // Chinese, Japanese and Korean are written without spaces ("据新华社报道", "연합뉴스에 따르면"):
    // their aliases match without word boundaries, the others as whole words
    const cjk = aliases.filter(isCjkAlias);
    const words = aliases.filter((a) => !isCjkAlias(a));
    const parts = [`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRe).join('|')})(?![\\p{L}\\p{N}])`];
    if (cjk.length > 0) parts.push(`(?:${cjk.map(escapeRe).join('|')})`);
    this.re = new RegExp(parts.join('|'), 'gu');
  }

  entryForAlias(alias: string): SourceEntry | undefined {
    return this.byAlias.get(alias);
  }

  /**
   * Resolves an outlet name or id as a user would write it ("Yonhap", "yonhap",
   * "Associated Press", "ap") to its entry; undefined when unknown.
   */
  resolve(name: string | undefined): SourceEntry | undefined {
    if (!name) return undefined;
    const t = name.trim();
    return this.byId.get(t.toLowerCase()) ?? this.byAlias.get(t) ?? this.byLowerName.get(t.toLowerCase());
  }
}

let defaultGazetteer: Gazetteer | undefined;
export function builtinGazetteer(): Gazetteer {
  defaultGazetteer ??= new Gazetteer();
  return defaultGazetteer;
}
