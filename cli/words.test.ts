/** `lexvla words`: an image read as words, on the shipped bundles, through cli/bin.mjs as a user runs it. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

function lexvla(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const CLIP = 'public/models/clip-tiny';
const IMAGE = 'public/samples/scene-0001.png';
const tmp = mkdtempSync(join(tmpdir(), 'lexvla-words-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface WordsJson {
  bundle: string;
  kind: string;
  target: unknown;
  words: string;
  table: { source: string; count: number; template: string; rule: string } | null;
  top: Array<{ word: string; index: number; value: number }>;
}

describe('lexvla words', () => {
  it("prints a dense bundle's nearest words, says what they are, and agrees with its --json", () => {
    const text = lexvla('words', CLIP, IMAGE, '--top', '5');
    expect(text.code).toBe(0);
    const lines = text.out.trimEnd().split('\n');
    expect(lines[0]).toBe('clip-tiny (dense) on scene-0001.png, the whole image: nearest words in embedding space (cosine), not activations');
    expect(lines[1]).toBe('word table: 753 words (llama2-filter-v1, training-caption words), template "{token}", from the bundle');
    expect(lines).toHaveLength(7);
    const json = lexvla('words', CLIP, IMAGE, '--top', '5', '--json');
    const j = JSON.parse(json.out) as WordsJson;
    expect([j.kind, j.words, j.table?.source, j.target]).toEqual(['dense', 'nearest words in embedding space (cosine), not activations', 'bundle', { kind: 'global' }]);
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/))).toEqual(j.top.map((w, i) => [String(i + 1), w.word, w.value.toFixed(4)]));
    for (let i = 1; i < j.top.length; i++) expect(j.top[i].value).toBeLessThanOrEqual(j.top[i - 1].value);
  });

  it('reads one patch or a region; a lexical bundle prints its activations', () => {
    const patch = JSON.parse(lexvla('words', CLIP, IMAGE, '--top', '3', '--patch', '27', '--json').out) as WordsJson;
    const region = JSON.parse(lexvla('words', CLIP, IMAGE, '--top', '3', '--region', '3,3,3,3', '--json').out) as WordsJson;
    expect(patch.target).toEqual({ kind: 'patch', index: 27 });
    // A one-patch region is that patch: patch 27 of the 8 x 8 grid is row 3, column 3.
    expect(region.top).toEqual(patch.top);
    const lex = lexvla('words', 'public/models/lexvla-tiny', IMAGE, '--top', '3');
    expect(lex.code).toBe(0);
    expect(lex.out.split('\n')[0]).toBe('lexvla-tiny (lexical) on scene-0001.png, the whole image: activations: the lexical score of each vocabulary word (L2-normalised, sparsified)');
  });

  it('computes a table with the text graph over --vocab when the dense bundle ships none', () => {
    const dir = join(tmp, 'clip-tiny-no-words');
    cpSync(CLIP, dir, { recursive: true });
    rmSync(join(dir, 'words'), { recursive: true });
    const m = JSON.parse(readFileSync(join(CLIP, 'manifest.json'), 'utf8')) as { wordEmbeddings?: unknown; files: Array<{ path: string }> };
    delete m.wordEmbeddings;
    m.files = m.files.filter((f) => !f.path.startsWith('words/'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));

    const missing = lexvla('words', dir, IMAGE);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`lexvla: ${dir}: clip-tiny is dense and ships no word embeddings (manifest.json wordEmbeddings); give --vocab <lexical-bundle> to compute them with its text graph`);
    // The colour fixture's 24 words, embedded by clip-tiny's text graph one by one.
    const colours = JSON.parse(readFileSync('e2e/fixtures/color-bundle/vocab.json', 'utf8')) as { words: string[] };
    const r = JSON.parse(lexvla('words', dir, IMAGE, '--top', '24', '--vocab', 'e2e/fixtures/color-bundle', '--json').out) as WordsJson;
    expect(r.table).toMatchObject({ source: 'computed', count: 24, template: '{word}', rule: 'fixture-colour-words-v1' });
    expect(r.top.map((w) => w.word).sort()).toEqual([...colours.words].sort());
  });

  it('refuses --patch with --region, and --vocab for a lexical bundle', () => {
    const both = lexvla('words', CLIP, IMAGE, '--patch', '1', '--region', '0,0,1,1');
    expect([both.code, both.err.split('\n')[0]]).toEqual([2, 'lexvla: --patch and --region: give one of them (or neither, for the whole image)']);
    const lex = lexvla('words', 'public/models/lexvla-tiny', IMAGE, '--vocab', CLIP);
    expect([lex.code, lex.err.split('\n')[0]]).toEqual([2, 'lexvla: --vocab: lexvla-tiny is lexical; its words are its own outputs']);
  });
});
