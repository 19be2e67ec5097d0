import { OptionChecker, WiretraceError } from '../errors.js';
import { builtinGazetteer, Gazetteer, GENERIC_SOURCES, isCjkAlias, sourceProblems, type SourceEntry } from './gazetteer.js';

/**
 * How a text credits a source. `end-credit` is an agency credit ending the text ("… in 2018.
 * (Yonhap)", "— Reuters", "/AFP"): a credit of the story's copy like `credit` ("Source: Yonhap"),
 * and like it not one of the cues that say the text carries the agency's copy (carriedAgencies).
 */
export type AttributionCue =
  | 'according-to'
  | 'reported-by'
  | 'citing'
  | 'quoted-by'
  | 'said'
  | 'reported'
  | 'news-agency'
  | 'dateline'
  | 'credit'
  | 'told'
  | 'byline'
  | 'copyright'
  | 'sign-off'
  | 'contributed'
  | 'with'
  | 'end-credit';

/** One explicit credit found in a text. */
export interface Attribution {
  /** The source as written ("Korean Central News Agency", "state media"). */
  source: string;
  /** Gazetteer id ("kcna"), or null for a generic source ("state media", "the Kremlin"). */
  canonical: string | null;
  /** Display name of the canonical source (the written form for generic ones). */
  name: string;
  /** The kind of source, when known. */
  sourceKind?: SourceEntry['kind'];
  cue: AttributionCue;
  /** Span of the source mention in the original text. */
  start: number;
  end: number;
  /** Span of the cue words ("according to", "reported", "(Credits: …)"). */
  cueStart: number;
  cueEnd: number;
}

export interface AttributionOptions {
  /** Extra gazetteer entries (merged with the built-in ones by id). */
  sources?: readonly SourceEntry[];
  /** Report unresolved generic sources such as "state media". Default true. */
  generic?: boolean;
}

// Cue phrases before the source, in the same clause ("according to North Korea's official KCNA").
const BEFORE: [RegExp, AttributionCue][] = [
  // "according to Reuters", "according to a report by Kyodo News"
  [/\baccording to(?: (?:a|an|the) (?:[\p{L}-]+ )?(?:report|dispatch|statement|story|article|broadcast)s? (?:by|from|in|on))?(?![\p{L}\p{N}])/iu, 'according-to'],
  // "Copyright © 2024 AFP": one cue, from "Copyright" (the last match in the clause would be "©" alone)
  [/(?:\bcopyright\b(?:\s*(?:©|\(c\)))?|\(c\)|©)(?:\s*\d{4}(?:\s*[-–]\s*\d{4})?)?,?/i, 'copyright'],
  [/\b(?:reported|detailed|announced|confirmed|carried|published|broadcast|made|released) (?:on \p{L}+ )?by\b/iu, 'reported-by'],
  [/\b(?:citing|cites|cited|quoting)\b/i, 'citing'],
  // "This article was published by Euronews with content from Reuters", "with reporting from AFP", "With files from The Associated Press" (Canadian papers: test9 r12)
  [/\bwith (?:additional )?(?:content|reporting|material|inputs?|files) (?:from|by)\b/i, 'contributed'],
  // "Information for this article was contributed by Park Sun-young (and Kim Tong-hyung) of The Associated Press" (AP's member
  // papers: test10 t18); the article as subject, not "a donation was contributed by Kim of Yonhap" (a review of 80ffc3e)
  [/(?<=\b(?:for|in|to) this (?:article|report|story) was )contributed by (?:\p{Lu}[\p{L}.'’-]*(?:,?\s+and\s+|,\s+|\s+)){1,6}of\b/u, 'contributed'],
  // "This report is auto-generated from Press Trust of India news service" (ThePrint's line under PTI copy: test10 t12); the
  // report as subject, not "the parts were sourced from Reuters-listed suppliers" (a review of 80ffc3e)
  [/\b(?:this|the) (?:report|article|story|item|content) (?:is|was|has been) (?:auto-generated|syndicated|sourced) from\b/iu, 'reported-by'],
  [/\b(?:quoted|cited)(?: as saying)? by\b/i, 'quoted-by'],
  // a syndication partner's closing line: "This article first appeared in The Korea Herald" (the article as subject: not "an ad that first appeared in …")
  [/\b(?:this|the) (?:article|story|report|piece|column|editorial)\b[^.!?\n]{0,40}?\b(?:first|originally) (?:appeared|published|ran) in\b/i, 'reported-by'],
  // "quoted as telling the JoongAng Ilbo", ", telling Yonhap" (not "a telling Reuters graphic": a review)
  [/\b(?:told|said to|in an interview with|speaking to|quoted as telling)\b|,\s*telling\b/i, 'told'],
  // "Source: Yonhap", "Sources: AFP, Reuters", "Source(s): Xinhua News Agency" (CGTN's credit line)
  [/(?:\b(?:credits?|photo|image|picture|sources?|source\(s\))\s*:|©)/i, 'credit'],
];
// The same, global (findCue wants the last match in the clause): compiled once, not per mention.
const BEFORE_GLOBAL: [RegExp, AttributionCue][] = BEFORE.map(([re, cue]) => [new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`), cue]);
// Cue words after the source ("KCNA said", "the Tass news agency reported").
const AFTER = /^(?:\s*\([A-Z]{2,8}\))?(?:\s+(?:news agency|newspaper|news service|daily|television|TV|broadcaster))?,?\s+(?:also\s+|later\s+|on \p{L}+\s+)?(reported|reports|said|says|announced|stated|quoted|wrote|added|noted|claimed|confirmed|carried|cited|published|broadcast|reiterated|described|contributed)\b/iu;
// Cues in Chinese and Korean copy, written without spaces: "据新华社报道", "朝中社称", "연합뉴스에 따르면", "연합뉴스가 보도했다".
const CJK_BEFORE = /(?:据|根据|援引)$/u;
const CJK_AFTER = /^(?:(报道|报导|消息|电)|(称|说|表示|援引)|(에 따르면|의 보도에 따르면)|(가 보도|는 보도|이 보도|보도))/u;
/** "(서울=연합뉴스)": a Korean dateline, city = agency. */
const HANGUL_DATELINE = /\(?\p{L}{1,10}=$/u;
/** "By Jane Doe, Associated Press", "BY JANE DOE | AFP", "By Jane Doe (Yonhap)": the agency on the byline line. */
const BYLINE_SEP = String.raw`\s*(?:,|\||\s-|\s–|\s—|\sand|\sof|\()?\s*(?:the\s+)?$`;
const BYLINE_BEFORE = new RegExp(String.raw`^\s*(?:by|By|BY)\s+[\p{L}.'’-]+(?:\s+[\p{L}.'’-]+){0,4}${BYLINE_SEP}`, 'u');
/** A byline that is the agency alone, on a line of its own (BYLINE_AFTER): "By Associated Press", "BY THE ASSOCIATED PRESS". */
const BYLINE_AGENCY = /^\s*(?:by|By|BY)\s+(?:the\s+|The\s+|THE\s+)?$/u;
/** The rest of a byline line after the agency: a date or place after a separator; ")" first for "By Jane Doe (Yonhap)". */
const BYLINE_AFTER = /^\s*(?:[,|–—-][^\n]{0,40})?(?:\n|$)/u;
const BYLINE_PAREN_AFTER = /^\)\s*(?:[,|–—-][^\n]{0,40})?(?:\n|$)/u;
/**
 * A byline ending the text, on its last line or after its last sentence, maybe with a full stop:
 * "… in 2018. By Kim Soo-yeon, Yonhap". Capitalised names only: "… By then, Reuters." is no byline.
 */
const BYLINE_ENDING = new RegExp(String.raw`(?:^\s*|[.!?]["'”’)\]]*\s+)((?:By|BY)\s+\p{Lu}[\p{L}.'’-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}.'’-]*){0,4}${BYLINE_SEP})`, 'u');
/** "(AP Photo/Ahn Young-joon)", "(Reuters Photo)": a photo credit naming the agency first. */
const PHOTO_AFTER = /^\s+(?:Photos?|PHOTOS?|Images?|Pictures?)\s*(?:\/[^()\n]{0,60})?\)/u;
/** "With AFP", "- with AFP", "(With AFP)" at the end of a line: a wire credit in agency copy. */
const WITH_BEFORE = /(?:^\s*|[-–—(/]\s*)(?:with|With|WITH)\s+$/u;
const WITH_AFTER = /^\s*\)?\s*[.;]?\s*(?:\n|$)/u;
/**
 * An agency credit that ends the text, on its own last line or after its last sentence:
 * "… in 2018. (Yonhap)", "(AP)", "— Reuters", "-- Yonhap News Agency", "/AFP". The opener right
 * before the agency, at the start of its line or after a sentence's end: "the (AP) style guide"
 * and "Photo: John Doe/AFP" (a name before the slash: a photo credit, read as `credit`) are not it.
 */
const END_CREDIT_OPENER = /([([](?:\p{Lu}[\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,3},\s*){0,3}|(?:--|[-–—])\s*|\/\s?|(?<=[.!?]["'”’)\]]*\s))$/u;
/** Before a closing credit at a line's start: nothing, or an editor's initials as DW signs its copy ("jsi/rc (dpa)"). */
const END_CREDIT_LINE_START = /^\s*(?:[a-z]{1,4}(?:\/[a-z]{1,4})+\s*)?$/u;
const END_CREDIT_SENTENCE_END = /[.!?]["'”’)\]]*\s*$/u;
/** What may follow an end credit to the end of the text: a full stop and white space, the closing parenthesis (or bracket: "[YONHAP]") first after "(". */
const END_CREDIT_PAREN_AFTER = /^(?:,\s*\p{Lu}[\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,3}){0,3}[)\]]\.?\s*$/u;
/** After an agency alone closing the text: a full stop, or the desk's address as the JoongAng Daily prints it ("YONHAP [webmaster@joongang.co.kr]"). */
const END_CREDIT_AFTER = /^\.?(?:\s*\[[^\]\n]{0,60}@[^\]\n]{0,60}\])?\s*$/u;
/** Characters an end credit may have after it (a longer tail is not read: no scan to the end of the text per mention). */
const END_TAIL = 64;
const NEWS_AGENCY_AFTER = /^(?:\s*\([A-Z]{2,8}\))?\s+news agency\b/i;
const BEFORE_WINDOW = 60;
// Words that may stand between a cue and its source: articles, possessives, descriptors.
const FILLER = /^(?:\s+(?:the|a|an|its|their|state-run|state|official|run|news|agency|wire|service|media|North|South|Korean|Korea['’]s|Russia['’]s|Russian|China['’]s|Chinese|Japan['’]s|Japanese|US|U\.S\.|British|French|German|[\p{Lu}][\p{L}]+['’]s|on|\p{Lu}\p{L}+day|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))*\s*$/u;

function clauseStart(text: string, pos: number): number {
  const from = Math.max(0, pos - BEFORE_WINDOW);
  const seg = text.slice(from, pos);
  const m = /[.;!?\n](?=[^.;!?\n]*$)/.exec(seg);
  return m ? from + m.index + 1 : from;
}

/** `text.lastIndexOf(ch, from)`, looking back at most `window` characters: -1 past it (a plain lastIndexOf rescans the whole text for each mention). */
function lastIndexWithin(text: string, ch: string, from: number, window: number): number {
  const lo = Math.max(0, from - window);
  const k = text.slice(lo, from + 1).lastIndexOf(ch);
  return k < 0 ? -1 : lo + k;
}

/** Start of the line holding `pos`, or `pos - window` when the line is longer: cues never reach further back. */
function lineStartWithin(text: string, pos: number, window: number): number {
  const nl = lastIndexWithin(text, '\n', pos, window);
  return nl < 0 ? Math.max(0, pos - window) : nl + 1;
}

/**
 * What a dateline holds before the agency's "(": the place in capitals, or as a name is written
 * (France 24's and Yahoo's "Seoul (AFP) -": one to three capitalised words), maybe a country or
 * state after it ("SEOUL, South Korea (AP) —"), maybe a date ("PYONGYANG, Feb 20 (AFP) --"); two
 * places as Reuters joins them ("SEOUL/MOSCOW (Reuters) -").
 */
const DATELINE_HEAD = /^(?:[\p{Lu}][\p{Lu}\s.,'’\/-]*|[\p{Lu}][\p{Ll}.'’-]+(?:\s+[\p{Lu}][\p{Ll}.'’-]+){0,2}\s*)(?:,\s*[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*){0,2})?(?:,\s*[\p{L}.]+\s+\d{1,2}(?:,?\s*\d{4})?)?\s*\($/u;

function findCue(text: string, s: number, e: number): { cue: AttributionCue; cueStart: number; cueEnd: number } | null {
  const special = findLineCue(text, s, e);
  if (special) return special;
  // dateline: "SEOUL (Reuters) –" or "PYONGYANG, Feb 20 (AFP) --"
  if (text[s - 1] === '(' && text[e] === ')') {
    const after = text.slice(e + 1, e + 6);
    const lineStart = lineStartWithin(text, s, 61);
    if (/^\s*(?:--|-|–|—)/.test(after) && s - lineStart < 60 && DATELINE_HEAD.test(text.slice(lineStart, s))) {
      return { cue: 'dateline', cueStart: lineStart, cueEnd: e + 1 + after.search(/\S/) + (/^\s*(--)/.test(after) ? 2 : 1) };
    }
  }
  // credit line in parentheses: "(Credits: UPI)"
  const paren = lastIndexWithin(text, '(', s, 20);
  if (paren >= 0 && s - paren < 20 && /^\((?:credits?|photo|image|picture|source)\s*:\s*$/i.test(text.slice(paren, s))) {
    const close = text.slice(e, e + 40).indexOf(')');
    return { cue: 'credit', cueStart: paren, cueEnd: close >= 0 ? e + close + 1 : e };
  }
  // photo credit with the photographer first: "© Matthew Stockman/Getty Images", "Photo: Jane Doe | AFP"
  const lineStart = lineStartWithin(text, s - 1, 61);
  const pc = /(?:©|\b(?:photo|image|picture)\s*:)[^\n©]{0,40}[/|]\s*$/i.exec(text.slice(Math.max(lineStart, s - 60), s));
  if (pc) {
    const at = Math.max(lineStart, s - 60) + pc.index;
    return { cue: 'credit', cueStart: at, cueEnd: at + (pc[0].startsWith('©') ? 1 : pc[0].indexOf(':') + 1) };
  }
  const cs = clauseStart(text, s);
  const before = text.slice(cs, s);
  for (const [g, cue] of BEFORE_GLOBAL) {
    g.lastIndex = 0;
    let last: RegExpExecArray | null = null;
    for (let m = g.exec(before); m; m = g.exec(before)) last = m;
    if (last && FILLER.test(before.slice(last.index + last[0].length))) {
      return { cue, cueStart: cs + last.index, cueEnd: cs + last.index + last[0].length };
    }
  }
  const after = text.slice(e, e + 60);
  const a = AFTER.exec(after);
  if (a) {
    const verb = a[1]!.toLowerCase();
    const cue: AttributionCue = /^report/.test(verb) ? 'reported' : verb === 'contributed' ? 'contributed' : 'said';
    const at = e + a.index + a[0].length - a[1]!.length;
    return { cue, cueStart: at, cueEnd: at + a[1]!.length };
  }
  const na = NEWS_AGENCY_AFTER.exec(after);
  if (na) return { cue: 'news-agency', cueStart: e + na[0].indexOf('news'), cueEnd: e + na[0].length };
  return null;
}

/**
 * After an agency on a text's first line, the place it files from: "/Seoul", ", Seoul", "| Tokyo"
 * (one or two capitalised words after a slash, comma or bar), or one word in capitals after a
 * space ("AFP SEOUL"). Not a photo's credit ("AP Photo", "AFP PHOTO"), a headline ("Xinhua Denies
 * Report", "YONHAP CEO RESIGNS") or an agency's product ("Reuters/Ipsos Poll"): a review of 66c89e4.
 */
const PLACE_AFTER = /^(?:\s*[/,|]\s*\p{Lu}[\p{L}.'’-]{1,30}(?:\s+\p{Lu}[\p{L}.'’-]{1,30})?|\s+\p{Lu}[\p{Lu}.'’-]{1,30})\s*$/u;
/** Words after an agency that are no place: a photo's credit, a poll, a desk. */
const NOT_PLACE = /\b(?:photos?|images?|pictures?|graphics?|video|tv|poll|staff|file|desk|news|exclusive|explains|sports|opinion|pool|str|handout)\b/iu;

/**
 * The place after an agency on the line closing a text or an item: after a comma, one word, or two
 * in capitals ("Reuters, SEOUL", "AP, NEW YORK", "AFP, Jakarta"). Not after a slash, nor a name of
 * two words: "REUTERS/Kim Hong-Ji", "AFP/STR", "Reuters/Pool" are photo credits under a caption (a
 * review of 02c87a9).
 */
const PLACE_CLOSING = /^\s*,\s*(?:\p{Lu}[\p{L}.'’]{1,30}|\p{Lu}[\p{Lu}.'’]{1,30}\s+\p{Lu}[\p{Lu}.'’]{1,30})\s*$/u;

/** Whether the rest of an agency's line is the place it files from (PLACE_AFTER), not a photo's credit, a desk or another outlet ("AP/Reuters"). */
const agencyAndPlace = (tail: string, isOutlet: (name: string) => boolean): boolean => PLACE_AFTER.test(tail) && !NOT_PLACE.test(tail) && !isOutlet(tail.replace(/^\s*[/,|]?\s*/u, '').trim());

/**
 * The agency credit ending the text at the mention [s, e) ("… in 2018. (Yonhap)", "— Reuters",
 * "/AFP", "(Yonhap, Reuters)", a last line holding the agency alone), or null; a first line holding
 * the agency alone, followed by a blank line, is the text's byline. With `inside`, the same credit
 * closing a paragraph that more text follows instead (itemCreditsWith): a news-in-brief page closes
 * each item so, but a photo's credit line under its caption looks the same, so those are kept apart
 * from the text's attributions (a review found a lift passing the gate on a caption's "(AP)").
 */
function endCredit(text: string, s: number, e: number, inside = false, isOutlet: (name: string) => boolean = () => true): { cue: AttributionCue; cueStart: number; cueEnd: number } | null {
  const lineEnd = text.indexOf('\n', e);
  const tail = text.slice(e, lineEnd < 0 ? text.length : lineEnd);
  const from = lineStartWithin(text, s - 1, 40);
  const head = text.slice(from, s);
  // alone on its line, or as the JoongAng Daily closes a wire's copy, "BY YONHAP [kjd@joongang.co.kr]"
  const byDesk = /^\s*(?:BY|By)\s+$/u.test(head) && /\[[^\]\n]*@/u.test(tail);
  const atLineStart = from === 0 || text[from - 1] === '\n';
  const bare = /^\s*$/u.test(head);
  const alone = atLineStart && (bare || byDesk) && END_CREDIT_AFTER.test(tail);
  // the text's first line, a blank line after it (read only when the rest holds: most mentions are deep in a text)
  const firstLine = (): boolean => lineEnd >= 0 && /^\s*$/u.test(text.slice(0, from)) && /^\n[ \t]*\n/u.test(text.slice(lineEnd, lineEnd + 40));
  if (alone && firstLine()) return inside ? null : { cue: 'byline', cueStart: s, cueEnd: e };
  // the agency and the place it files from, alone on the first line: "Reuters/Seoul", "AFP SEOUL", "AFP, Seoul" (not "AP/Reuters")
  if (!inside && atLineStart && bare && agencyAndPlace(tail, isOutlet) && firstLine()) return { cue: 'byline', cueStart: s, cueEnd: lineEnd };
  const atEnd = text.length - e <= END_TAIL && (lineEnd < 0 || /^\s*$/u.test(text.slice(lineEnd)));
  // inside: a paragraph's last line, a blank line and more text after it (an item of a news-in-brief page)
  if (inside ? atEnd || lineEnd < 0 || !/^\n[ \t]*\n\s*\S/u.test(text.slice(lineEnd, lineEnd + 40)) : !atEnd) return null;
  if (alone) return { cue: 'end-credit', cueStart: s, cueEnd: e };
  // the agency and the place it filed from, alone on the line closing the text or an item: "Reuters, SEOUL" (a news-in-brief page's sign)
  if (atLineStart && bare && from > 0 && PLACE_CLOSING.test(tail) && agencyAndPlace(tail, isOutlet)) return { cue: 'end-credit', cueStart: s, cueEnd: lineEnd < 0 ? text.length : lineEnd };
  const op = END_CREDIT_OPENER.exec(head);
  if (!op) return null;
  const paren = /^[([]/u.test(op[1]!);
  if (!(paren ? END_CREDIT_PAREN_AFTER : END_CREDIT_AFTER).test(tail)) return null;
  const lead = head.slice(0, op.index);
  if (!((atLineStart && END_CREDIT_LINE_START.test(lead)) || END_CREDIT_SENTENCE_END.test(lead))) return null;
  const cueStart = from + op.index;
  // the cue is the opener, with the closing parenthesis of "(Yonhap)"
  return { cue: 'end-credit', cueStart, cueEnd: paren ? e + tail.search(/[)\]]/u) + 1 : cueStart + op[1]!.trimEnd().length };
}


/** Cues tied to the line a source sits on: photo credits, Korean datelines, bylines, "with AFP", and cues of CJK copy. */
function findLineCue(text: string, s: number, e: number): { cue: AttributionCue; cueStart: number; cueEnd: number } | null {
  const after = text.slice(e, e + 80);
  if (text[s - 1] === '(') {
    const ph = PHOTO_AFTER.exec(after);
    if (ph) return { cue: 'credit', cueStart: s - 1, cueEnd: e + ph[0].length };
  }
  const lineStart = lineStartWithin(text, s - 1, 80);
  const head = text.slice(lineStart, s);
  const kd = HANGUL_DATELINE.exec(head);
  if (kd && text[e] === ')') return { cue: 'dateline', cueStart: lineStart + kd.index, cueEnd: e + 1 };
  // the agency ends the byline line ("By contrast, Reuters and AP …" is a sentence, not a byline)
  const by = BYLINE_BEFORE.exec(head);
  if (by && (text[s - 1] === '(' ? BYLINE_PAREN_AFTER : BYLINE_AFTER).test(after)) {
    const at = lineStart + by.index + by[0].search(/\S/);
    return { cue: 'byline', cueStart: at, cueEnd: at + 2 };
  }
  // the agency is the byline: "By Associated Press", "By The Associated Press"
  const ba = BYLINE_AGENCY.exec(head);
  if (ba && BYLINE_AFTER.test(after)) {
    const at = lineStart + ba.index + ba[0].search(/\S/);
    return { cue: 'byline', cueStart: at, cueEnd: at + 2 };
  }
  const be = text.length - e <= END_TAIL ? BYLINE_ENDING.exec(head) : null;
  if (be && (text[s - 1] === '(' ? END_CREDIT_PAREN_AFTER : END_CREDIT_AFTER).test(text.slice(e))) {
    const at = lineStart + be.index + be[0].length - be[1]!.length;
    return { cue: 'byline', cueStart: at, cueEnd: at + 2 };
  }
  const w = WITH_BEFORE.exec(head);
  if (w && WITH_AFTER.test(after)) {
    const at = lineStart + w.index + w[0].search(/with/i);
    return { cue: 'with', cueStart: at, cueEnd: at + 4 };
  }
  const cb = CJK_BEFORE.exec(text.slice(Math.max(0, s - 2), s));
  if (cb) return { cue: 'according-to', cueStart: s - cb[0].length, cueEnd: s };
  const ca = CJK_AFTER.exec(after);
  if (ca) {
    const len = ca[0].length;
    const cue: AttributionCue = ca[1] ? 'reported' : ca[2] ? 'said' : ca[3] ? 'according-to' : 'reported';
    return { cue, cueStart: e, cueEnd: e + len };
  }
  return null;
}

/** "Reporting by Hyonhee Shin; Editing by Ed Davies": the sign-off of Reuters copy, a Reuters credit. */
const REUTERS_SIGNOFF = /\b(?:[Aa]dditional reporting|[Rr]eporting|[Ww]riting|[Rr]eporting and writing) by\b[^\n]{1,200}?\b(?:[Ee]diting|[Ee]dited) by\b[^\n;()]{1,80}/g;

function signOffs(text: string, gaz: Gazetteer): Attribution[] {
  const reuters = gaz.resolve('reuters');
  if (!reuters || !/diting by/.test(text)) return [];
  const out: Attribution[] = [];
  REUTERS_SIGNOFF.lastIndex = 0;
  for (let m = REUTERS_SIGNOFF.exec(text); m; m = REUTERS_SIGNOFF.exec(text)) {
    const src = m[0].trimEnd();
    const cueEnd = m.index + m[0].indexOf(' by') + 3;
    out.push({ source: src, canonical: reuters.id, name: reuters.name, sourceKind: reuters.kind, cue: 'sign-off', start: m.index, end: m.index + src.length, cueStart: m.index, cueEnd });
  }
  return out;
}

/**
 * Explicit credits in a text: "according to X", "X reported", "X said", "as reported by X",
 * "citing X", "quoted by X", "X news agency", datelines ("SEOUL (Reuters) –"), credit lines
 * ("(Credits: UPI)"), bylines, agency credits ending the text ("… in 2018. (Yonhap)", "— Reuters",
 * "/AFP"), with the spans of the source and of the cue. Sources come from the
 * gazetteer (with canonical ids) or are generic ("state media": canonical null). A mention
 * without a cue is not a credit and is not reported. Sorted by position.
 *
 * @example
 * extractAttributions('…relations between the top leaders,” KCNA said.')
 * // [{ source: 'KCNA', canonical: 'kcna', name: 'KCNA', cue: 'said', start: 44, end: 48, … }]
 */
export function extractAttributions(text: string, opts?: AttributionOptions): Attribution[] {
  if (typeof text !== 'string') throw new WiretraceError('E_INPUT', 'extractAttributions', `text must be a string (got ${typeof text})`);
  const c = new OptionChecker('extractAttributions');
  c.known(opts, ['sources', 'generic']);
  c.oneOf('generic', opts?.generic, [true, false]);
  if (opts?.sources !== undefined) for (const p of sourceProblems(opts.sources)) c.check(false, p);
  c.done();
  return attributionsWith(text, opts?.sources?.length ? new Gazetteer(opts.sources) : builtinGazetteer(), opts?.generic ?? true);
}

/**
 * extractAttributions with a gazetteer already built (and its entries checked), for callers that
 * read many texts with one set of sources: building a gazetteer compiles one regex of all its
 * aliases.
 */
export function attributionsWith(text: string, gaz: Gazetteer, generic: boolean): Attribution[] {
  const out: Attribution[] = [];
  const known: { start: number; end: number }[] = [];
  const pending: Attribution[] = [];
  for (const m of mentions(gaz, text)) {
    const entry = gaz.entryForAlias(m[0])!;
    const s = m.index;
    const e = s + m[0].length;
    known.push({ start: s, end: e });
    // "Korean Central News Agency (KCNA) said": the cue belongs to the first mention
    const close = text.slice(e, e + 60).indexOf(')');
    const cue =
      findCue(text, s, e) ??
      (text.slice(e, e + 2) === ' (' && close >= 0 ? findCue(text, s, e + close + 1) : null) ??
      // "(Getty Images)" ending a text is a caption's credit, not the story's
      (entry.kind !== 'photo' ? endCredit(text, s, e, false, (name) => gaz.resolve(name) !== undefined) : null);
    // "with reporting from Reuters and The Associated Press": the second agency takes the first's cue
    const prevCredit = out[out.length - 1];
    // (only when the list ends with it: "… by KCNA and Reuters was unable to verify it" makes Reuters a subject, not a source: a review)
    if (!cue && prevCredit && prevCredit.canonical !== entry.id && LISTED_CUES.has(prevCredit.cue) && /^\s*(?:,|and|&)\s*(?:the\s+)?$/iu.test(text.slice(prevCredit.end, s)) && /^\s*(?:[.,;:)]|\n|$)/u.test(text.slice(e, e + 3))) {
      out.push({ source: m[0], canonical: entry.id, name: entry.name, sourceKind: entry.kind, cue: prevCredit.cue, cueStart: prevCredit.cueStart, cueEnd: prevCredit.cueEnd, start: s, end: e });
      continue;
    }
    if (!cue) {
      if (entry.kind === 'wire') pending.push({ source: m[0], canonical: entry.id, name: entry.name, sourceKind: entry.kind, cue: 'end-credit', cueStart: s, cueEnd: e, start: s, end: e });
      continue;
    }
    const prev = out[out.length - 1];
    if (prev && prev.canonical === entry.id && s - prev.end <= 3) continue; // "(KCNA)" right after its full name
    out.push({ source: m[0], canonical: entry.id, name: entry.name, sourceKind: entry.kind, ...cue, start: s, end: e });
  }
  out.push(...creditList(text, pending, false));
  out.push(...signOffs(text, gaz));
  if (generic) {
    GENERIC_SOURCES.lastIndex = 0;
    for (let m = GENERIC_SOURCES.exec(text); m; m = GENERIC_SOURCES.exec(text)) {
      const s = m.index;
      const e = s + m[0].length;
      // "the state news agency KCNA": the named source is the credit, not the description
      if (knownStartsWithin(known, e, e + 3)) continue;
      const cue = findCue(text, s, e);
      if (!cue) continue;
      out.push({ source: m[0], canonical: null, name: m[0], cue: cue.cue, cueStart: cue.cueStart, cueEnd: cue.cueEnd, start: s, end: e });
    }
    out.push(...namedOutlets(text, known));
    const line = sourceLine(text, known);
    if (line) out.push(line);
  }
  return out.sort((x, y) => x.start - y.start);
}

/** Cues a second agency named right after the first ("… from Reuters and AP") shares. */
const LISTED_CUES: ReadonlySet<AttributionCue> = new Set(['contributed', 'with', 'according-to', 'reported-by', 'citing', 'credit']);

/**
 * What may stand between the agencies of a credit line naming several: "YONHAP, REUTERS", "Yonhap
 * and AFP". Not a slash: "Yonhap/AFP" is how a photo's credit is written (a review).
 */
const LIST_GLUE = /^[\s,;&.]*(?:(?:and|AND|And)[\s,;&.]*)?$/u;

/**
 * Wire agencies named together on a line of their own, nothing else on it but commas or "and"
 * ("YONHAP, REUTERS"): a credit of each, when the line ends the text (or, `inside`, closes a
 * paragraph that more text follows). `mentions` are the line's candidates, without a cue of their own.
 */
function creditList(text: string, mentions: readonly Attribution[], inside: boolean): Attribution[] {
  const out: Attribution[] = [];
  for (let i = 0; i < mentions.length; ) {
    const lineStart = text.lastIndexOf('\n', mentions[i]!.start) + 1;
    const nl = text.indexOf('\n', mentions[i]!.start);
    const lineEnd = nl < 0 ? text.length : nl;
    let j = i;
    while (j < mentions.length && mentions[j]!.start < lineEnd) j++;
    const line = mentions.slice(i, j);
    i = j;
    if (line.length < 2 || !/^\s*$/u.test(text.slice(lineStart, line[0]!.start)) || !/^\.?\s*$/u.test(text.slice(line.at(-1)!.end, lineEnd))) continue;
    if (!line.every((m, k) => k === 0 || LIST_GLUE.test(text.slice(line[k - 1]!.end, m.start)))) continue;
    const rest = text.slice(lineEnd);
    const ends = /^\s*$/u.test(rest);
    if (inside ? ends || !/^\n[ \t]*\n\s*\S/u.test(rest) || lineStart === 0 : !ends || lineStart === 0) continue;
    out.push(...line);
  }
  return out;
}

/**
 * The credit lines closing an item inside a text: a wire agency's credit ending a paragraph that
 * more text follows ("… for use in the war. (Reuters)", "YONHAP" alone on its line), as a news-in-brief
 * page closes each item (cue `end-credit`). Kept apart from the text's attributions: a photo's credit
 * line under its caption looks the same, so such a credit speaks only for the item it closes
 * (items.ts), never for the whole text (a review found a lift passing the gate on a caption's "(AP)").
 */
export function itemCreditsWith(text: string, gaz: Gazetteer): Attribution[] {
  const out: Attribution[] = [];
  const pending: Attribution[] = [];
  for (const m of mentions(gaz, text)) {
    const entry = gaz.entryForAlias(m[0])!;
    if (entry.kind !== 'wire') continue;
    const s = m.index;
    const e = s + m[0].length;
    const cue = endCredit(text, s, e, true, (name) => gaz.resolve(name) !== undefined);
    const a: Attribution = { source: m[0], canonical: entry.id, name: entry.name, sourceKind: entry.kind, cue: 'end-credit', cueStart: s, cueEnd: e, start: s, end: e };
    if (cue) out.push({ ...a, ...cue });
    else pending.push(a);
  }
  return [...out, ...creditList(text, pending, true)].sort((x, y) => x.start - y.start);
}

/**
 * A newspaper's or broadcaster's name the gazetteer does not know, by its form: capitalised words
 * ending in a word that names a news outlet ("Korea JoongAng Daily", "The Busan Ilbo", "Seoul
 * Tribune", "NK News"). Read only with a cue, as generic sources are. Words of 31 letters at most:
 * unbounded, a 370 KB run of hyphen-joined capitalised names was read again from each of its
 * capitals (seconds, harden9).
 */
const NAMED_OUTLET = /(?<![\p{L}\p{N}])(?:(?:The|the)\s+)?((?:(?!The\s)\p{Lu}[\p{L}'’.&-]{0,30}\s+){1,4}(?:Daily|Times|Post|Herald|News|Journal|Tribune|Gazette|Telegraph|Chronicle|Observer|Ilbo|Shimbun|Sinmun|Broadcasting|Television|Radio|Ledger|Courier|Inquirer)(?:\s+(?:Daily|News|Times|Post))?)(?![\p{L}\p{N}])/gu;

/**
 * The outlets a text credits by a name of that form (NAMED_OUTLET) with a cue ("the Korea JoongAng
 * Daily reported", "according to the Seoul Tribune"), outside the gazetteer's mentions: generic
 * sources named as written (canonical null), which credit a document of that outlet (credits
 * compares the name). The scenario review found a wire's "the Korea JoongAng Daily reported" of
 * the paper it took from unread, so the paper's exclusive read as lifted from the wire when undated.
 */
function namedOutlets(text: string, known: readonly { start: number; end: number }[]): Attribution[] {
  const named = namedOutletsFrom(text, 0, known);
  // a name NAMED_OUTLET read is not read again by its description ("the newspaper Seoul Tribune reported")
  const out = [...named, ...describedOutlets(text, named.length === 0 ? known : [...known, ...named].sort((x, y) => x.start - y.start))];
  // a syndication line in capitals, "THE KOREA HERALD/ASIA NEWS NETWORK", read as the name is written
  const titled = lastLineTitled(text);
  return titled ? [...out, ...namedOutletsFrom(titled.text, titled.from, known)] : out;
}

/**
 * A name of any form that the words before it call a news outlet ("Seoul-based outlet Daily NK
 * reported", "the news website NK Pro said", "broadcaster KBS reported"): one to four capitalised
 * words, read only with a cue (test6 n10). Not "site", "paper" or "website" alone: "the site Kim
 * Jong Un said would become a base" is a relative clause (a review of 02c87a9), and so is a cue
 * with a verb after it (RELATIVE_AFTER); nor a day or a month.
 */
const DESCRIBED_OUTLET = /(?<![\p{L}\p{N}])(?:news\s+(?:outlet|website|site|portal|agency)|outlet|newspaper|broadcaster|daily|weekly|magazine|tabloid)\s+((?:\p{Lu}[\p{L}\p{N}'’.&-]{0,30}[ \t]+){0,3}\p{Lu}[\p{L}\p{N}'’&-]{0,30})/gu;
/** A verb right after the cue: the cue opens a relative clause ("the outlet Trump said was", "the newspaper Kim said had slandered"). */
const RELATIVE_AFTER = /^\s+(?:had|has|have|was|were|would|is|are|will|could|should|might|may|must|did|does)\b/u;
const NOT_OUTLET_NAME = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|The|This|That|It|He|She|They)\b/u;

function describedOutlets(text: string, known: readonly { start: number; end: number }[]): Attribution[] {
  const out: Attribution[] = [];
  DESCRIBED_OUTLET.lastIndex = 0;
  for (let m = DESCRIBED_OUTLET.exec(text); m; m = DESCRIBED_OUTLET.exec(text)) {
    const raw = m[1]!;
    if (NOT_OUTLET_NAME.test(raw)) continue;
    const s = m.index + m[0].length - raw.length;
    const e = s + raw.length;
    if (overlapsKnown(known, s, e)) continue;
    const cue = findCue(text, s, e);
    // "the broadcaster President Yoon said had distorted": the name is the clause's subject, not the outlet (a review of 94e00f0)
    if (!cue || RELATIVE_AFTER.test(text.slice(cue.cueEnd, cue.cueEnd + 20))) continue;
    const name = raw.replace(/\s+/g, ' ');
    out.push({ source: name, canonical: null, name, cue: cue.cue, cueStart: cue.cueStart, cueEnd: cue.cueEnd, start: s, end: e });
  }
  return out;
}

/**
 * The text with its last line, when that line is in capitals, written with each word capitalised
 * ("THE KOREA HERALD/ASIA NEWS NETWORK" → "The Korea Herald/Asia News Network"), and where that line
 * starts; null when it is not (or the rewrite would move a character).
 */
function lastLineTitled(text: string): { text: string; from: number } | null {
  const body = text.trimEnd();
  const from = body.lastIndexOf('\n') + 1;
  const line = body.slice(from);
  if (from === 0 || line.length > END_TAIL || !/\p{Lu}{2}/u.test(line) || /\p{Ll}/u.test(line)) return null;
  const titled = line.replace(/\p{L}+/gu, (w) => w[0]! + w.slice(1).toLowerCase());
  return titled.length === line.length ? { text: text.slice(0, from) + titled + text.slice(body.length), from } : null;
}

function namedOutletsFrom(text: string, from: number, known: readonly { start: number; end: number }[]): Attribution[] {
  const out: Attribution[] = [];
  NAMED_OUTLET.lastIndex = from;
  for (let m = NAMED_OUTLET.exec(text); m; m = NAMED_OUTLET.exec(text)) {
    const name = m[1]!.replace(/\s+/g, ' ');
    const s = m.index + m[0].indexOf(m[1]!);
    const e = s + m[1]!.length;
    if (overlapsKnown(known, s, e)) continue;
    // a paper's name closing the text is a syndication credit line: "(The Korea Herald)", "(The Korea Herald/Asia News Network)"
    // (a paper's bare name on the last line may be a masthead or a footer: only with an opener, "(The Korea Herald)", "— The Korea Herald")
    const end = endCredit(text, m.index, e);
    const cue = findCue(text, s, e) ?? findCue(text, m.index, e) ?? (end && end.cueStart < m.index ? end : null) ?? syndicationLine(text, m.index, e);
    if (cue) out.push({ source: name, canonical: null, name, cue: cue.cue, cueStart: cue.cueStart, cueEnd: cue.cueEnd, start: s, end: e });
  }
  return out;
}

/** "Source: The Standard", "Source: Japan Today" as the text's last line: an outlet the gazetteer does not know, named as the source (cue `credit`). */
const SOURCE_LINE = /(?:^|\n)[ \t]*Source:[ \t]*((?:The[ \t]+)?\p{Lu}[\p{L}\p{N}.'’&-]*(?:[ \t]+\p{Lu}[\p{L}\p{N}.'’&-]*){0,4})\.?\s*$/u;

function sourceLine(text: string, known: readonly { start: number; end: number }[]): Attribution | null {
  const m = SOURCE_LINE.exec(text.slice(-200));
  if (!m) return null;
  const base = text.length - Math.min(200, text.length);
  const name = m[1]!;
  const s = base + m.index + m[0].indexOf(name);
  const e = s + name.length;
  if (overlapsKnown(known, s, e)) return null;
  const cueStart = base + m.index + m[0].indexOf('Source:');
  return { source: name, canonical: null, name, cue: 'credit', cueStart, cueEnd: cueStart + 7, start: s, end: e };
}

/** "(The Korea Herald/Asia News Network)", "— The Korea Herald/ANN" ending the text on a line of its own: a paper's story run by a syndication partner (cue `end-credit`). */
function syndicationLine(text: string, s: number, e: number): { cue: AttributionCue; cueStart: number; cueEnd: number } | null {
  if (text.length - e > END_TAIL || !SYNDICATION_AFTER.test(text.slice(e))) return null;
  const from = lineStartWithin(text, s - 1, 40);
  if ((from > 0 && text[from - 1] !== '\n') || !/^\s*(?:\(|[-–—]+\s*)?$/u.test(text.slice(from, s))) return null;
  const lineEnd = text.indexOf('\n', e);
  return { cue: 'end-credit', cueStart: from + text.slice(from, s).search(/\S|$/u), cueEnd: lineEnd < 0 ? text.length : lineEnd };
}

/** The partner after the paper's name, a syndication network ("/Asia News Network)", "/ANN"), to the end of the text: not a photographer ("/Park Hae-mook") or a section ("/Opinion"). */
const SYNDICATION_AFTER = /^\s*\/\s*(?:Asia News Network|ANN)\)?\.?\s*$/iu;

/**
 * The gazetteer's regex made sticky, and the code units its aliases start with: 1 when only
 * word aliases (matched after no letter or digit) start with it, 2 when a CJK alias does.
 */
interface MentionScanner {
  sticky: RegExp;
  first: Uint8Array;
  /** The first two code units of every alias of two or more, as first × 65536 + second. */
  heads: Set<number>;
  /** 1 for the code unit of a one-unit alias: any code unit may follow it. */
  alone: Uint8Array;
}
const scanners = new WeakMap<Gazetteer, MentionScanner>();

function scannerFor(gaz: Gazetteer): MentionScanner {
  let x = scanners.get(gaz);
  if (!x) {
    const first = new Uint8Array(65536);
    const heads = new Set<number>();
    const alone = new Uint8Array(65536);
    for (const a of gaz.aliases) {
      first[a.charCodeAt(0)] = Math.max(first[a.charCodeAt(0)]!, isCjkAlias(a) ? 2 : 1);
      if (a.length === 1) alone[a.charCodeAt(0)] = 1;
      else heads.add(a.charCodeAt(0) * 65536 + a.charCodeAt(1));
    }
    scanners.set(gaz, (x = { sticky: new RegExp(gaz.re.source, `${gaz.re.flags.replace('g', '')}y`), first, heads, alone }));
  }
  return x;
}

/**
 * The matches of the gazetteer's regex (`gaz.re`, global) in a text, in order — the same
 * matches, found by trying the regex only where an alias can start (its first two code units): the
 * regex scanning every position of every text was a third of the attribution stage, and tried at
 * every capitalised word it was still ~15%.
 */
export function* mentions(gaz: Gazetteer, text: string): Generator<RegExpExecArray> {
  const { sticky, first, heads, alone } = scannerFor(gaz);
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    // a `u` regex never starts a match inside a surrogate pair
    if (first[c] === 0 || ((c & 0xfc00) === 0xdc00 && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800)) {
      i++;
      continue;
    }
    // only word aliases start here, and (?<![\p{L}\p{N}]) fails after an ASCII letter or digit ("d" of "and" for "dpa")
    if (first[c] === 1 && i > 0 && isAsciiAlnum(text.charCodeAt(i - 1))) {
      i++;
      continue;
    }
    // every alias is matched as written: no alias starts with these two code units ("Th" of "The" for "The Guardian" does)
    if (alone[c] === 0 && (i + 1 >= text.length || !heads.has(c * 65536 + text.charCodeAt(i + 1)))) {
      i++;
      continue;
    }
    sticky.lastIndex = i;
    const m = sticky.exec(text);
    if (!m) {
      i++;
      continue;
    }
    yield m;
    i = m.index + Math.max(1, m[0].length);
  }
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** Whether a mention (sorted by start) starts in [from, to]: a binary search, not a scan per generic source. */
/** Whether [s, e) overlaps a span of `known` (sorted by start, disjoint): binary search, not a scan per candidate (a 1.2 MB run of "AP site Ab" took seconds). */
function overlapsKnown(known: readonly { start: number; end: number }[], s: number, e: number): boolean {
  let lo = 0;
  let hi = known.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (known[mid]!.end <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo < known.length && known[lo]!.start < e;
}

function knownStartsWithin(known: readonly { start: number }[], from: number, to: number): boolean {
  let lo = 0;
  let hi = known.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (known[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < known.length && known[lo]!.start <= to;
}

/** Whether any attribution credits the given source (an id, alias or name, resolved through the gazetteer). */
export function credits(attributions: readonly Attribution[], source: string, gazetteer: Gazetteer = builtinGazetteer()): boolean {
  const entry = gazetteer.resolve(source);
  // a name as written: "The Korea Times" in the metadata is credited by "the Korea Times reported"
  const plain = (s: string): string => s.trim().toLowerCase().replace(/^the\s+/, '');
  const id = entry?.id ?? plain(source);
  return attributions.some((a) => a.canonical === id || (a.canonical === null && plain(a.source) === id));
}

/**
 * Cues that say a text is (partly) an agency's own copy, not a report citing it: its dateline, its
 * copyright line, "With AFP", "Reuters contributed to this report". Not an `end-credit`: a paper's
 * copy ending "(Yonhap)" credits Yonhap as "Source: Yonhap" does, and a third paper that copies the
 * paper's own edits from it and credits Yonhap has not credited the paper (a scenario review).
 */
const CARRIES: ReadonlySet<AttributionCue> = new Set(['dateline', 'copyright', 'with', 'contributed']);

/** Whether an attribution is a wire or state-media agency's dateline ("TOKYO (Kyodo) --"): the text runs that agency's copy. */
export function isAgencyDateline(a: Attribution): boolean {
  return a.cue === 'dateline' && a.canonical !== null && (a.sourceKind === 'wire' || a.sourceKind === 'state-media');
}

/** The agencies (gazetteer ids) whose copy a text says it carries. */
export function carriedAgencies(attributions: readonly Attribution[]): string[] {
  return [...new Set(attributions.filter((a) => CARRIES.has(a.cue) && a.canonical !== null).map((a) => a.canonical!))];
}

/**
 * Whether a text with `attributions` credits a source document: the source's outlet, or an agency
 * whose copy the source says it carries (two papers reprinting one Yonhap item: the one that
 * credits Yonhap credits the words the other holds too, whatever the other's outlet).
 */
export function creditsDocument(attributions: readonly Attribution[], source: { outlet?: string }, sourceAttributions: readonly Attribution[], gazetteer: Gazetteer = builtinGazetteer()): boolean {
  if (source.outlet !== undefined && credits(attributions, source.outlet, gazetteer)) return true;
  return carriedAgencies(sourceAttributions).some((id) => credits(attributions, id, gazetteer));
}
