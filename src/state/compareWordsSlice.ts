/**
 * The Compare view read word against word. A dense second bundle (CLIP) has no vocabulary of its
 * own: its words are the vocabulary words whose text embeddings lie nearest to its image
 * embeddings (nearest words in embedding space, not activations). Its word table is its bundle's
 * own (manifest wordEmbeddings) or, without one, the inspector's vocabulary embedded with its text
 * graph in its worker. With it the right side has global and patch words like the left, a word
 * clicked on either side shows its heatmap on both, and the agreement overlay compares the two
 * models' first words patch by patch.
 */
import { AGREEMENT_K, topWordAgreement } from '../lexical/agreement';
import type { ModelInfo } from '../model/info';
import { mapTarget } from './compareSlice';
import type { CompareWordsSlice, CompareWordsState } from './compareTypes';
import { describeError } from './errors';
import type { ClientPort, ExplorerState, GetState, SetState, SliceDeps } from './types';

const IDLE_TABLE: CompareWordsState['table'] = { status: 'idle', info: null, progress: null, error: null };

export function createCompareWordsSlice(set: SetState, get: GetState, deps: SliceDeps): CompareWordsSlice {
  const seq = { table: 0, word: 0, agreement: 0 };
  /** The inspector's vocabulary, fetched once per model (what a dense side without a table embeds). */
  let vocab: { key: string; words: string[]; rule: string } | null = null;
  const update = (p: Partial<CompareWordsState>) => set((s) => ({ compareWords: { ...s.compareWords, ...p } }));
  const setTable = (t: Partial<CompareWordsState['table']>) => set((s) => ({ compareWords: { ...s.compareWords, table: { ...s.compareWords.table, ...t } } }));
  const setAgreementState = (a: Partial<CompareWordsState['agreement']>) =>
    set((s) => ({ compareWords: { ...s.compareWords, agreement: { ...s.compareWords.agreement, ...a } } }));

  /** The second worker and its model, when loaded. */
  const right = (): { client: ClientPort; info: ModelInfo } | null => {
    const client = deps.compareClient?.() ?? null;
    const { status, info } = get().compare;
    return status === 'ready' && info && client ? { client, info } : null;
  };
  /** The right side can answer word requests: a lexical bundle, or a dense one with its table. */
  const rightHasWords = (info: ModelInfo) => info.kind === 'lexical' || get().compareWords.table.status === 'ready';
  const rightImageReady = () => get().compare.image.status === 'ready' && get().compare.image.preview !== null;

  async function inspectorVocabulary(): Promise<{ words: string[]; rule: string }> {
    const info = get().model.info;
    if (!info || info.kind !== 'lexical') {
      throw new Error(`it ships no word embeddings, and the inspector's model (${info?.name ?? 'none'}) has no vocabulary to embed`);
    }
    if (vocab?.key !== info.key) {
      const a = await deps.client.request<'vocabularyWords'>({ type: 'vocabularyWords' });
      vocab = { key: info.key, words: a.words, rule: a.rule };
    }
    return vocab;
  }

  /**
   * The dense side's global words, when its image came without them: encoded before its table was
   * ready (the worker adds them to an encode only once it has the table).
   */
  async function fillRightGlobal(): Promise<void> {
    const r = right();
    if (!r || r.info.kind !== 'dense' || !rightHasWords(r.info) || !rightImageReady() || (get().compare.image.global?.words.length ?? 0) > 0) return;
    const preview = get().compare.image.preview;
    try {
      const a = await r.client.request<'words'>({ type: 'words', target: { kind: 'global' }, topN: deps.topN });
      if (right()?.info !== r.info || get().compare.image.preview !== preview) return;
      set((s) => ({ compare: { ...s.compare, image: { ...s.compare.image, global: a.words } } }));
    } catch (e) {
      setTable({ error: `${r.info.name}: its global words failed: ${describeError(e).text}` });
    }
  }

  async function runAgreement(): Promise<void> {
    const n = ++seq.agreement;
    const r = right();
    const main = get().model.info;
    if (!r || !main || !get().image.preview || !rightImageReady() || !rightHasWords(r.info)) {
      // Not computable yet (the second bundle or its words are still coming): asked again when they are.
      setAgreementState({ status: 'idle', values: null, error: null });
      return;
    }
    setAgreementState({ status: 'computing', error: null });
    try {
      const ask = (c: ClientPort) => c.request<'patchWords'>({ type: 'patchWords', k: AGREEMENT_K }).then((a) => a.words);
      const [left, rightWords] = await Promise.all([ask(deps.client), ask(r.client)]);
      if (n !== seq.agreement) return;
      // Each inspector patch against the second grid's patch under its centre.
      const aligned = left.map((_, p) => {
        const t = mapTarget({ kind: 'patch', index: p }, main.grid, r.info.grid);
        return t.kind === 'patch' ? rightWords[t.index] : [];
      });
      setAgreementState({ status: 'ready', values: topWordAgreement(left, aligned, AGREEMENT_K), error: null });
    } catch (e) {
      if (n === seq.agreement) setAgreementState({ status: 'error', values: null, error: `Agreement: ${describeError(e).text}` });
    }
  }

  return {
    compareWords: { table: IDLE_TABLE, word: null, agreement: { on: false, status: 'idle', values: null, error: null } },

    async prepareCompareWords() {
      const n = ++seq.table;
      const r = right();
      if (!r || r.info.kind !== 'dense') {
        setTable(IDLE_TABLE);
        return;
      }
      const own = r.info.wordEmbeddings !== null;
      setTable({ status: own ? 'loading' : 'computing', info: null, progress: null, error: null });
      try {
        const list = own ? null : await inspectorVocabulary();
        const a = await r.client.request<'prepareWords'>({ type: 'prepareWords', words: list?.words ?? null, rule: list?.rule ?? null }, (p) => {
          if (n === seq.table && p.phase === 'words') setTable({ progress: { done: p.loadedBytes, total: p.totalBytes } });
        });
        if (n !== seq.table || right()?.info !== r.info) return;
        setTable({ status: 'ready', info: a.info, progress: null });
      } catch (e) {
        if (n === seq.table) setTable({ status: 'error', progress: null, error: `${r.info.name} has no words: ${describeError(e).text}` });
        return;
      }
      // The image may have been encoded before the table was ready: its words, the overlay, the clicked word.
      await Promise.all([get().syncCompareWords(), get().syncCompareWordViews()]);
    },

    async syncCompareWordViews() {
      const { agreement, word } = get().compareWords;
      await Promise.all([fillRightGlobal(), agreement.on ? runAgreement() : null, word ? get().showCompareWord(word.text) : null]);
    },

    async showCompareWord(text) {
      const n = ++seq.word;
      const r = right();
      const ask = (c: ClientPort, side: string) =>
        c.request<'wordHeatmapOf'>({ type: 'wordHeatmapOf', text }).then(
          (a) => a.heatmap,
          (e: unknown) => {
            get().notify('error', `Could not compute the heatmap of "${text}" on the ${side} side: ${describeError(e).text}`);
            return null;
          },
        );
      const [l, rr] = await Promise.all([
        get().image.preview ? ask(deps.client, 'left') : null,
        r && rightImageReady() && rightHasWords(r.info) ? ask(r.client, 'right') : null,
      ]);
      if (n !== seq.word) return;
      update({ word: { text, left: l, right: rr } });
    },

    clearCompareWord() {
      seq.word++;
      update({ word: null });
    },

    async setAgreement(on) {
      if (!on) {
        seq.agreement++;
        setAgreementState({ on: false, status: 'idle', values: null, error: null });
        return;
      }
      setAgreementState({ on: true });
      await runAgreement();
    },
  };
}

/**
 * Keeps the words in step: a new second bundle gets its word table; a new image on the second side
 * (which follows every new inspector image) gets its global words, the overlay and the clicked
 * word's heatmaps again.
 */
export function watchCompareWords(s: ExplorerState, prev: ExplorerState): void {
  if (s.compare.info !== prev.compare.info || (s.compare.status === 'ready') !== (prev.compare.status === 'ready')) {
    void s.prepareCompareWords();
  }
  if (s.compare.image.preview !== prev.compare.image.preview && s.compare.image.status === 'ready' && s.compare.image.preview) {
    void s.syncCompareWordViews();
  }
}
