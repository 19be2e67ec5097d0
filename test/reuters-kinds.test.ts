import { describe, expect, it } from 'vitest';
import { resolvedKind } from '../bench/reuters-eval.js';

// bench/labels/brief-kinds.md, "Resolution": a pair's kind is the label its readers agree on,
// hesitations aside; a third reader's majority where two differ.
describe('resolvedKind (the kind pass readings resolved)', () => {
  it('takes the label two readers agree on, whatever they hesitated over', () => {
    expect(resolvedKind([['version'], ['version']])).toBe('version');
    expect(resolvedKind([['version', 'follow-up'], ['version']])).toBe('version');
    expect(resolvedKind([['follow-up', 'version'], ['follow-up', 'version']])).toBe('follow-up');
  });
  it('leaves two differing labels unresolved: a hesitation is no vote', () => {
    expect(resolvedKind([['version', 'follow-up'], ['follow-up', 'version']])).toBeUndefined();
    expect(resolvedKind([['version'], ['carried']])).toBeUndefined();
  });
  it('lets a third reader break a tie, by majority of labels', () => {
    expect(resolvedKind([['version'], ['follow-up'], ['follow-up', 'version']])).toBe('follow-up');
    expect(resolvedKind([['version'], ['follow-up'], ['version']])).toBe('version');
    expect(resolvedKind([['version'], ['follow-up'], ['carried', 'version']])).toBeUndefined();
  });
});
