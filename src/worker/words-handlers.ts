/**
 * The worker's side of words-protocol.ts, around the worker's Engine. Word tables computed with a
 * text graph (minutes on a large model) are kept per bundle, by its files' SHA-256 and sizes, so
 * loading the same bundle again, or comparing it with another lexical bundle of the same
 * vocabulary, does not compute them again.
 */
import type { Manifest } from '../bundle/types';
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import type { LoadedWordTable } from '../model/word-table';
import type { Handlers } from './protocol';
import type { WORDS_REQUESTS } from './words-protocol';

type WordsRequestType = keyof typeof WORDS_REQUESTS;

/** Computed tables by bundle and word list; a few at most (each is V x D float32: 20 MB for 19,545 x 256). */
const computed = new Map<string, LoadedWordTable>();
const KEEP = 2;

/** FNV-1a over the words: which word list a table was computed for. */
function wordsHash(words: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const w of words) {
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x0a, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/** The bundle, as its files: the SHA-256 each lists (else its size), with its name. */
function bundleKey(m: Manifest): string {
  return `${m.name}|${m.files.map((f) => `${f.path}:${f.sha256 ?? f.bytes}`).join(',')}`;
}

/** A dense model that ships its word table reads it now (once): the word views need it. */
export async function ensureBundleWords(engine: Engine): Promise<void> {
  const m = engine.manifest;
  if (m?.kind === 'dense' && m.wordEmbeddings && !engine.wordTable) await engine.prepareWords();
}

export function wordsHandlers(getEngine: () => Engine): Handlers<WordsRequestType> {
  return {
    patchWords: async (msg, reply) => {
      const e = getEngine();
      await ensureBundleWords(e);
      reply({ type: 'patchWords', k: msg.k, words: e.patchWords(msg.k) });
    },
    wordHeatmapOf: async (msg, reply) => {
      const e = getEngine();
      await ensureBundleWords(e);
      const i = e.wordIndex(msg.text);
      const heatmap = i < 0 ? null : e.wordHeatmap(i);
      reply({ type: 'wordHeatmapOf', text: msg.text, heatmap }, heatmap ? [heatmap.values.buffer as ArrayBuffer] : []);
    },
    vocabularyWords: (_msg, reply) => {
      const e = getEngine();
      const v = e.vocabulary();
      const m = e.manifest;
      if (!v || !m?.vocabulary) throw new EngineError('no-vocabulary', `${m?.name ?? 'The loaded model'} is not a lexical bundle: it has no vocabulary to list`);
      reply({ type: 'vocabularyWords', words: v.words, rule: m.vocabulary.rule });
    },
    prepareWords: async (msg, reply, post) => {
      const e = getEngine();
      const m = e.manifest;
      // A lexical model's words are its outputs: nothing to prepare (and no model: prepareWords says so).
      if (!m || m.kind !== 'dense') return reply({ type: 'wordsPrepared', info: await e.prepareWords() });
      const key = !m.wordEmbeddings && msg.words ? `${bundleKey(m)}|${msg.rule ?? ''}|${msg.words.length}|${wordsHash(msg.words)}` : null;
      const cached = key ? computed.get(key) : undefined;
      if (cached && !e.wordTable) e.useWordTable(cached);
      const label = m.wordEmbeddings ? m.wordEmbeddings.file : m.text.mode === 'onnx' ? m.text.model.file : m.name;
      const info = await e.prepareWords(msg.words ?? undefined, msg.rule ?? undefined, (done, total, phase) =>
        post({ id: msg.id, type: 'progress', phase, loadedBytes: done, totalBytes: total, label }),
      );
      if (key && e.wordTable && e.wordTable.info.source === 'computed' && !computed.has(key)) {
        computed.set(key, e.wordTable);
        while (computed.size > KEEP) computed.delete(computed.keys().next().value!);
      }
      reply({ type: 'wordsPrepared', info });
    },
  };
}
