import { describe, expect, it } from 'vitest';
import { checkDraft, CorpusIndex, type Doc } from '../src/index.js';
import { fedRepoReport, paragraphs } from './helpers.js';

describe('the publishing gate credits the original holder of a passage', () => {
  const wire = paragraphs(41, 5);
  const docs: Doc[] = [
    { id: 'yonhap-wire', text: wire.join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: '2024-03-01T08:00:00Z' },
    // a later copy of the same wire by another outlet, indexed too
    { id: 'nk-copy', text: [...wire, ...paragraphs(42, 2)].join('\n\n'), outlet: 'NK News', publishedAt: '2024-03-01T12:00:00Z' },
    { id: 'unrelated', text: paragraphs(43, 5).join('\n\n'), outlet: 'Daily', publishedAt: '2024-02-01T08:00:00Z' },
  ];
  const index = new CorpusIndex();
  index.add(docs);
  const body = [...paragraphs(44, 1), ...wire.slice(0, 3), ...paragraphs(45, 1)].join('\n\n');

  it('passes a draft that credits the wire it copied even when a later copy of the wire is indexed', () => {
    const r = checkDraft({ id: 'draft', text: `${body}\n\nYonhap News Agency reported the talks on Friday.` }, index);
    expect(r.reusedShare).toBeGreaterThan(0.4);
    expect(r.uncreditedShare).toBeLessThan(0.05);
    const wireSource = r.sources.find((s) => s.id === 'yonhap-wire')!;
    const copy = r.sources.find((s) => s.id === 'nk-copy')!;
    expect(wireSource).toMatchObject({ role: 'original', credited: true });
    expect(wireSource.share).toBeGreaterThan(0.4);
    expect(copy).toMatchObject({ role: 'copy', copyOf: 'yonhap-wire', credited: false, share: 0 });
  });

  it('fails the same draft without the credit, and does not accept a credit to the later copy instead', () => {
    expect(checkDraft({ id: 'draft', text: body }, index).uncreditedShare).toBeGreaterThan(0.4);
    const creditsCopy = checkDraft({ id: 'draft', text: `${body}\n\nNK News reported the talks on Friday.` }, index);
    expect(creditsCopy.uncreditedShare).toBeGreaterThan(0.4);
  });

  it('does not count a draft reusing its own outlet’s earlier copy as uncredited', () => {
    const own = checkDraft({ id: 'draft', text: body, outlet: 'Yonhap' }, index);
    expect(own.reusedShare).toBeGreaterThan(0.4);
    expect(own.uncreditedShare).toBeLessThan(0.05);
  });
});

describe('credits given outside the text', () => {
  it('credits a source named in the credits option (a CMS credit field)', () => {
    const wire = paragraphs(51, 4);
    const index = new CorpusIndex();
    index.add([{ id: 'afp-wire', text: wire.join('\n\n'), outlet: 'AFP', kind: 'wire', publishedAt: '2024-03-01T08:00:00Z' }]);
    const draft = [...paragraphs(52, 1), ...wire.slice(0, 3)].join('\n\n');
    expect(checkDraft(draft, index).uncreditedShare).toBeGreaterThan(0.4);
    expect(checkDraft(draft, index, { credits: ['Agence France-Presse'] }).uncreditedShare).toBe(0);
    expect(() => checkDraft(draft, index, { credits: 'AFP' as unknown as string[] })).toThrow(/credits must be an array/);
  });
});

describe('outlets beyond the built-in gazetteer (the sources option)', () => {
  const planet = { id: 'planet', name: 'Daily Planet', kind: 'outlet' as const, aliases: ['Planet', 'Daily Planet', '데일리플래닛'] };
  const story = paragraphs(56, 4);
  const index = new CorpusIndex();
  index.add([{ id: 'planet-story', text: story.join('\n\n'), outlet: 'Daily Planet', publishedAt: '2024-03-01T08:00:00Z' }, { id: 'other', text: paragraphs(57, 4).join('\n\n'), outlet: 'Daily' }]);
  const body = [...paragraphs(58, 1), ...story.slice(0, 3)].join('\n\n');

  it('reads a credit by an alias the newsroom gives, in the text and in the credits option', () => {
    const credited = `${body}\n\nThe Planet reported the figures on Monday.`;
    expect(checkDraft(credited, index).uncreditedShare).toBeGreaterThan(0.4);
    expect(checkDraft(credited, index, { sources: [planet] }).uncreditedShare).toBe(0);
    expect(checkDraft(body, index, { credits: ['데일리플래닛'] }).uncreditedShare).toBeGreaterThan(0.4);
    expect(checkDraft(body, index, { credits: ['데일리플래닛'], sources: [planet] }).uncreditedShare).toBe(0);
  });

  it('knows the draft’s own outlet by its alias', () => {
    expect(checkDraft({ id: 'd', text: body, outlet: 'Planet' }, index).uncreditedShare).toBeGreaterThan(0.4);
    expect(checkDraft({ id: 'd', text: body, outlet: 'Planet' }, index, { sources: [planet] }).uncreditedShare).toBe(0);
  });

  it('refuses a spelling another outlet already has, built in or given before (review, 2026-11-24)', () => {
    // "The Guardian" as a Nigerian paper's alias would make a copy of The Guardian its own earlier item
    const nigeria = { id: 'guardian-ng', name: 'Guardian Nigeria', kind: 'outlet' as const, aliases: ['Guardian Nigeria', 'The Guardian'] };
    expect(() => checkDraft(body, index, { sources: [nigeria] })).toThrow(/sources\[0\]: "The Guardian" is already a spelling of "guardian" \(built in\); give other spellings, or the id "guardian" to add to that entry/);
    expect(() => checkDraft(body, index, { sources: [planet, { id: 'planet-2', name: 'Planet Two', kind: 'outlet', aliases: ['planet'] }] })).toThrow(/sources\[1\]: "planet" is already a spelling of "planet";/);
    // an outlet's id is a spelling too: "Guardian" resolves to the built-in "guardian" (third review)
    expect(() => checkDraft(body, index, { sources: [{ id: 'guardian-ng', name: 'Guardian Nigeria', kind: 'outlet', aliases: ['Guardian'] }] })).toThrow(/"Guardian" is already a spelling of "guardian" \(built in\)/);
    // spellings added to a built-in entry by its id are fine
    expect(checkDraft(body, index, { sources: [{ id: 'ap', name: 'Associated Press', kind: 'wire', aliases: ['A.P.'] }] }).uncreditedShare).toBeGreaterThan(0.4);
  });

  it('refuses entries that are not gazetteer entries, naming the field', () => {
    expect(() => checkDraft(body, index, { sources: [{ id: 'x', name: 'X', kind: 'blog', aliases: ['X'] }] as never })).toThrow(/sources\[0\]\.kind must be one of/);
  });
});

describe("a wire draft against its own outlet's formula items", () => {
  const report = (day: number, amount: string, rate: string): Doc => ({
    id: `repo-${day}`,
    title: 'FED ADDS RESERVES VIA CUSTOMER REPURCHASES',
    text: fedRepoReport(amount, rate),
    outlet: 'Reuters',
    kind: 'wire',
    publishedAt: `2024-03-${String(day).padStart(2, '0')}T11:45:00Z`,
  });
  const index = new CorpusIndex();
  index.add([report(1, '1.5', '6-1/4'), report(4, '2', '6-1/8')]);

  it("reports no reuse for the next edition of the outlet's report, as analyze labels it template", () => {
    const next = checkDraft(report(5, '1.5', '6'), index);
    expect(next.reusedShare).toBe(0);
    expect(next.sources).toEqual([]);
    // the same words with nothing said of the draft: reused (from its own outlet, so credited)
    const bare = checkDraft(fedRepoReport('1.5', '6'), index);
    expect(bare.reusedShare).toBeGreaterThan(0.8);
    // the same day's item re-sent with its figures is the item itself
    const resent = checkDraft({ ...report(4, '2', '6-1/8'), id: 'repo-4-again', publishedAt: '2024-03-04T13:00:00Z' }, index);
    expect(resent.reusedShare).toBeGreaterThan(0.8);
    // a week later, whatever the figures, the same title is the report's next edition
    expect(checkDraft(report(11, '1.5', '6-1/4'), index).reusedShare).toBe(0);
  });

  it("does not take another outlet's copy of the last edition for the next edition's source", () => {
    const withCopy = new CorpusIndex();
    withCopy.add([report(1, '1.5', '6-1/4'), report(4, '2', '6-1/8'), { id: 'dj-copy', text: fedRepoReport('2', '6-1/8'), outlet: 'Dow Jones', kind: 'wire', publishedAt: '2024-03-04T12:30:00Z' }]);
    const next = checkDraft(report(5, '1.5', '6'), withCopy);
    expect([next.reusedShare, next.uncreditedShare]).toEqual([0, 0]);
    // a draft of another outlet copying the same words is still checked as reuse
    const other = checkDraft({ ...report(5, '1.5', '6'), outlet: 'AP' }, withCopy);
    expect(other.uncreditedShare).toBeGreaterThan(0.8);
  });
});
