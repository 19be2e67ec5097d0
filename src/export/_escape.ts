/**
 * Control characters made visible. Article text, titles and ids are untrusted: written raw
 * to a terminal, ESC (C0), CSI (C1) or OSC sequences can clear the screen, retitle the window
 * or write the clipboard (OSC 52); bidi overrides can reorder what is shown. Each such
 * character becomes `\xNN` or `\uNNNN`, so the output shows it instead of obeying it.
 */
const CONTROLS_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** One-line field (an id, a title, an excerpt): every control character escaped, newlines too. */
export function escapeControls(s: string): string {
  return s.replace(CONTROLS_ALL, visible);
}

/** Multi-line output (a whole report, a message): as `escapeControls`, but `\n` kept. */
export function escapeControlsKeepLines(s: string): string {
  return s.replace(CONTROLS_BUT_NEWLINE, visible);
}

/** JSON text with C1 controls, DEL and line separators escaped too (JSON.stringify escapes only C0). */
export function jsonForTerminal(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
