/**
 * The validator's contract: a growing table of cases, each with the exact messages expected.
 * To add a case, append a row: a fixture, a mutation, and the messages a user should read.
 */
import { describe, expect, it } from 'vitest';
import { denseFixture, denseWithWordsFixture, fixtureFiles, jsonBytes, lexicalFixture, lexicalWithExtrasFixture, lexicalWithVariantFixture, visionGraph, VOCAB, type FixtureBundle } from './fixtures';
import { formatIssues } from './issues';
import { sourceFromMemory } from './source';
import type { Manifest } from './types';
import { validateBundle } from './validate-bundle';
import { validateManifest } from './validate-manifest';

type Loose = any; // mutations deliberately write values the types forbid

interface ManifestCase {
  name: string;
  fixture: () => FixtureBundle;
  mutate?: (m: Loose) => void;
  messages: string[];
}

const manifestCases: ManifestCase[] = [
  { name: 'valid lexical manifest', fixture: lexicalFixture, messages: [] },
  { name: 'valid dense manifest', fixture: denseFixture, messages: [] },
  {
    name: 'valid lexical manifest with an on-graph top-k and a cap',
    fixture: lexicalFixture,
    mutate: (m) => {
      m.vision.outputs = {
        patchTopK: {
          k: 3,
          values: { name: 'v', shape: [1, 4, 3], dtype: 'float32' },
          indices: { name: 'i', shape: [1, 4, 3], dtype: 'int64' },
        },
      };
      m.sparsify.topK = 2;
    },
    messages: [],
  },
  { name: 'valid lexical manifest with an int8 variant of the vision graph', fixture: lexicalWithVariantFixture, messages: [] },
  {
    name: 'variants: not an array, or empty',
    fixture: lexicalWithVariantFixture,
    mutate: (m) => (m.vision.variants = { name: 'int8' }),
    messages: ['manifest.json: vision.variants is {"name":"int8"}, expected a non-empty array of { name, file, weights } (faster graphs with the same input and outputs), or no variants field'],
  },
  {
    name: 'variants: empty array',
    fixture: lexicalWithVariantFixture,
    mutate: (m) => (m.vision.variants = []),
    messages: ['manifest.json: vision.variants is [], expected a non-empty array of { name, file, weights } (faster graphs with the same input and outputs), or no variants field'],
  },
  {
    name: 'variants: a name "exact", a name the URL cannot carry, weights of an unknown kind',
    fixture: lexicalWithVariantFixture,
    mutate: (m) => {
      m.vision.variants[0].name = 'exact';
      m.vision.variants.push({ name: 'Int 4', file: 'vision/model.int4.onnx', weights: 'int4' });
      m.files.push({ path: 'vision/model.int4.onnx', bytes: 10 });
    },
    messages: [
      'manifest.json: vision.variants[0].name is "exact", expected another name ("exact" means vision.file, the graph the variants approximate)',
      'manifest.json: vision.variants[1].name is "Int 4", expected lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (the page URL names it: ?variant=)',
      'manifest.json: vision.variants[1].weights is "int4", expected one of "fp32", "fp16", "int8"',
    ],
  },
  {
    name: 'variants: two with one name, one sharing the exact graph\'s file, one file not listed',
    fixture: lexicalWithVariantFixture,
    mutate: (m) => {
      m.vision.variants.push({ name: 'int8', file: 'vision/model.onnx', weights: 'int8' });
      m.vision.variants.push({ name: 'fast', file: 'vision/fast.onnx', weights: 'fp16', note: 7 });
    },
    messages: [
      'manifest.json: vision.variants[1].name is "int8", expected a name no other variant has (vision.variants[0] is "int8" too)',
      'manifest.json: vision.variants[1].file is "vision/model.onnx", expected a graph file of its own (vision.file is "vision/model.onnx" too)',
      'manifest.json: vision.variants[2].note is 7, expected a string',
      'manifest.json: files has no entry for "vision/fast.onnx" (vision.variants[2].file), expected every file of the bundle listed with its size',
    ],
  },
  {
    name: 'missing field',
    fixture: lexicalFixture,
    mutate: (m) => delete m.preprocess.patchSize,
    messages: ['manifest.json: preprocess.patchSize is missing, expected a positive integer'],
  },
  {
    name: 'wrong type',
    fixture: lexicalFixture,
    mutate: (m) => (m.name = 5),
    messages: ['manifest.json: name is 5, expected a non-empty string'],
  },
  {
    name: 'wrong enum',
    fixture: lexicalFixture,
    mutate: (m) => (m.kind = 'sparse'),
    messages: ['manifest.json: kind is "sparse", expected one of "lexical", "dense"'],
  },
  {
    name: 'input shape with 3 dimensions',
    fixture: lexicalFixture,
    mutate: (m) => (m.vision.input.shape = [1, 3, 224]),
    messages: ['manifest.json: vision.input.shape is [1,3,224], expected 4 dimensions [1,3,H,W]'],
  },
  {
    name: 'input shape disagreeing with inputSize',
    fixture: lexicalFixture,
    mutate: (m) => (m.vision.input.shape = [1, 3, 28, 30]),
    messages: ['manifest.json: vision.input.shape is [1,3,28,30], expected [1,3,28,28] (3 colour channels, H and W = preprocess.inputSize)'],
  },
  {
    name: 'patch output width != vocabulary size',
    fixture: lexicalFixture,
    mutate: (m) => (m.vision.outputs.patch.shape = [1, 4, 6]),
    messages: ['manifest.json: vision.outputs.patch.shape is [1,4,6], expected [1,4,5] (patches = grid 2x2, width = vocabulary.size 5)'],
  },
  {
    name: 'dense global output width != embeddingDim',
    fixture: denseFixture,
    mutate: (m) => (m.vision.outputs.global = { name: 'g', shape: [1, 7], dtype: 'float32' }),
    messages: ['manifest.json: vision.outputs.global.shape is [1,7], expected [1,8] (width = embeddingDim 8)'],
  },
  {
    name: 'grid != inputSize / patchSize',
    fixture: lexicalFixture,
    mutate: (m) => (m.preprocess.grid = [3, 2]),
    messages: ['manifest.json: preprocess.grid is [3,2], expected [2,2] (preprocess.inputSize / preprocess.patchSize)'],
  },
  {
    name: 'no patch output',
    fixture: lexicalFixture,
    mutate: (m) => (m.vision.outputs = {}),
    messages: ['manifest.json: vision.outputs is {}, expected a "patch" or "patchTopK" output'],
  },
  {
    name: 'path escaping the bundle folder',
    fixture: lexicalFixture,
    mutate: (m) => (m.vision.file = '../secret.onnx'),
    messages: ['manifest.json: vision.file is "../secret.onnx", expected a path inside the bundle folder'],
  },
  {
    name: 'absolute path, backslashes, empty segment',
    fixture: lexicalFixture,
    mutate: (m) => {
      m.vocabulary.file = '/etc/vocab.json';
      m.text.tokenizer = 'tok\\tokenizer.json';
      m.files[0].path = 'vision//model.onnx';
    },
    messages: [
      'manifest.json: vocabulary.file is "/etc/vocab.json", expected a path inside the bundle folder',
      'manifest.json: text.tokenizer is "tok\\\\tokenizer.json", expected a path inside the bundle folder using \'/\' separators',
      'manifest.json: files[0].path is "vision//model.onnx", expected a path inside the bundle folder without empty or \'.\' segments',
      'manifest.json: files has no entry for "vision/model.onnx" (vision.file), expected every file of the bundle listed with its size',
    ],
  },
  {
    name: 'files[].sha256: 64 lowercase hex digits when present',
    fixture: lexicalFixture,
    mutate: (m) => {
      m.files[0].sha256 = 'ABC';
      m.files[1].sha256 = 42;
      m.files[2].sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    },
    messages: [
      'manifest.json: files[0].sha256 is "ABC", expected a SHA-256 as 64 lowercase hexadecimal digits, or no sha256 field',
      'manifest.json: files[1].sha256 is 42, expected a string',
    ],
  },
  {
    name: 'unknown version stops at one issue',
    fixture: lexicalFixture,
    mutate: (m) => {
      m.version = 2;
      delete m.name;
    },
    messages: ['manifest.json: version is 2, expected 1 (this explorer reads bundle format v1)'],
  },
  {
    name: 'not a bundle manifest',
    fixture: lexicalFixture,
    mutate: (m) => (m.format = 'onnx'),
    messages: ['manifest.json: format is "onnx", expected "lexvla-bundle" (this file is not a LexVLA bundle manifest)'],
  },
  {
    name: 'sparsify out of range',
    fixture: lexicalFixture,
    mutate: (m) => (m.sparsify = { threshold: 1.5, topK: 0 }),
    messages: [
      'manifest.json: sparsify.threshold is 1.5, expected a number in (0, 1), usually 1/sqrt(V)',
      'manifest.json: sparsify.topK is 0, expected null (no cap) or a positive integer',
    ],
  },
  {
    name: 'lexical bundle without vocabulary',
    fixture: lexicalFixture,
    mutate: (m) => delete m.vocabulary,
    messages: ['manifest.json: vocabulary is missing, expected an object (required when kind is "lexical")'],
  },
  {
    name: 'dense bundle without embeddingDim, with lookup text',
    fixture: denseFixture,
    mutate: (m) => {
      delete m.embeddingDim;
      m.text = { mode: 'lookup', tokenizer: 'text/vectors.json' };
    },
    messages: [
      'manifest.json: embeddingDim is missing, expected a positive integer (required when kind is "dense")',
      'manifest.json: text.mode is "lookup", expected "onnx" or "precomputed" for a dense bundle (lookup maps words to vocabulary entries, which a dense bundle has not)',
    ],
  },
  {
    name: 'referenced file not listed in files[]',
    fixture: lexicalFixture,
    mutate: (m) => (m.files = m.files.filter((f: Loose) => f.path !== 'tokenizer.json')),
    messages: ['manifest.json: files has no entry for "tokenizer.json" (text.tokenizer), expected every file of the bundle listed with its size'],
  },
  {
    name: 'top-k larger than the vocabulary',
    fixture: lexicalFixture,
    mutate: (m) =>
      (m.vision.outputs.patchTopK = {
        k: 9,
        values: { name: 'v', shape: [1, 4, 9], dtype: 'float32' },
        indices: { name: 'i', shape: [1, 4, 9], dtype: 'float32' },
      }),
    messages: [
      'manifest.json: vision.outputs.patchTopK.k is 9, expected at most vocabulary.size 5',
      'manifest.json: vision.outputs.patchTopK.indices.dtype is "float32", expected one of "int64", "int32"',
    ],
  },
  { name: 'valid dense manifest with word embeddings', fixture: denseWithWordsFixture, messages: [] },
  {
    name: 'word embeddings as float16 (no scale) with a prompt template',
    fixture: denseWithWordsFixture,
    mutate: (m) => {
      m.wordEmbeddings.dtype = 'float16';
      delete m.wordEmbeddings.scale;
      m.wordEmbeddings.template = 'a photo of a {word}';
    },
    messages: [],
  },
  {
    name: 'word embeddings: bad dtype',
    fixture: denseWithWordsFixture,
    mutate: (m) => (m.wordEmbeddings.dtype = 'float32'),
    messages: ['manifest.json: wordEmbeddings.dtype is "float32", expected one of "float16", "int8"'],
  },
  {
    name: 'word embeddings: shape against the vocabulary and embeddingDim',
    fixture: denseWithWordsFixture,
    mutate: (m) => (m.wordEmbeddings.shape = [6, 4]),
    messages: ['manifest.json: wordEmbeddings.shape is [6,4], expected [5,8] (rows = wordEmbeddings.vocabulary.size 5, columns = embeddingDim 8)'],
  },
  {
    name: 'word embeddings: a shape that is not [rows, columns]',
    fixture: denseWithWordsFixture,
    mutate: (m) => (m.wordEmbeddings.shape = [5, 8, 1]),
    messages: ['manifest.json: wordEmbeddings.shape is [5,8,1], expected 2 positive integers [rows, columns]'],
  },
  {
    name: 'word embeddings: int8 without a scale, float16 with one, a template without the word',
    fixture: denseWithWordsFixture,
    mutate: (m) => {
      delete m.wordEmbeddings.scale;
      m.wordEmbeddings.template = 'a photo';
    },
    messages: [
      'manifest.json: wordEmbeddings.scale is missing, expected one of "row", "global"',
      'manifest.json: wordEmbeddings.template is "a photo", expected a text with "{word}" where the word goes (e.g. "{word}" or "a photo of a {word}"), or "{token}" (the word\'s own token id)',
    ],
  },
  {
    name: 'word embeddings: a scale with float16',
    fixture: denseWithWordsFixture,
    mutate: (m) => (m.wordEmbeddings.dtype = 'float16'),
    messages: ['manifest.json: wordEmbeddings.scale is "row", expected no scale with float16 (halves are stored as they are; a scale goes with int8)'],
  },
  {
    name: 'word embeddings in a lexical bundle',
    fixture: lexicalFixture,
    mutate: (m) => (m.wordEmbeddings = denseWithWordsFixture().manifest.wordEmbeddings),
    messages: ['manifest.json: wordEmbeddings is present, expected no wordEmbeddings in a lexical bundle (its words are its own outputs, vocabulary.file)'],
  },
  {
    name: 'word embeddings whose files are not listed',
    fixture: denseWithWordsFixture,
    mutate: (m) => (m.files = m.files.filter((f: Loose) => !f.path.startsWith('words/'))),
    messages: [
      'manifest.json: files has no entry for "words/embeddings.bin" (wordEmbeddings.file), expected every file of the bundle listed with its size',
      'manifest.json: files has no entry for "words/vocab.json" (wordEmbeddings.vocabulary.file), expected every file of the bundle listed with its size',
    ],
  },
  {
    name: 'trainedOn: EmojiScenes with its image size and classes',
    fixture: lexicalFixture,
    mutate: (m) => (m.trainedOn = { dataset: 'emojiscenes', imageSize: [224, 224], classes: [{ name: 'dog', emoji: '1F415' }, { name: 'airplane', emoji: '2708-FE0F' }] }),
    messages: [],
  },
  {
    name: 'trainedOn: another dataset needs neither image size nor classes',
    fixture: denseFixture,
    mutate: (m) => (m.trainedOn = { dataset: 'CC-12M' }),
    messages: [],
  },
  {
    name: 'trainedOn: EmojiScenes without image size or classes',
    fixture: lexicalFixture,
    mutate: (m) => (m.trainedOn = { dataset: 'emojiscenes' }),
    messages: [
      'manifest.json: trainedOn.imageSize is missing, expected [height, width] in pixels (required when trainedOn.dataset is "emojiscenes": the scene composer draws them)',
      'manifest.json: trainedOn.classes is missing, expected an array of { name, emoji } (required when trainedOn.dataset is "emojiscenes": the scene composer draws them)',
    ],
  },
  {
    name: 'trainedOn: bad fields, a class twice, an emoji twice, an emoji in lower case',
    fixture: lexicalFixture,
    mutate: (m) =>
      (m.trainedOn = {
        dataset: '',
        imageSize: [224],
        classes: [
          { name: 'dog', emoji: '1F415' },
          { name: 'dog', emoji: '1f436' },
          { name: 'puppy', emoji: '1F415' },
          'cat',
          { name: 'cat' },
        ],
      }),
    messages: [
      'manifest.json: trainedOn.dataset is "", expected a non-empty string',
      'manifest.json: trainedOn.imageSize is [224], expected 2 positive integers [height, width]',
      'manifest.json: trainedOn.classes[1].name is "dog", expected a name no other class has (trainedOn.classes[0] is the same)',
      'manifest.json: trainedOn.classes[1].emoji is "1f436", expected code points as upper-case hexadecimal joined by "-", e.g. "1F415" or "2708-FE0F"',
      'manifest.json: trainedOn.classes[2].emoji is "1F415", expected an emoji no other class has (trainedOn.classes[0] is the same): the composer tells classes apart by their emoji',
      'manifest.json: trainedOn.classes[3] is "cat", expected an object { name, emoji }',
      'manifest.json: trainedOn.classes[4].emoji is missing, expected a non-empty string',
    ],
  },
  {
    name: 'trainedOn: not an object',
    fixture: lexicalFixture,
    mutate: (m) => (m.trainedOn = 'emojiscenes'),
    messages: ['manifest.json: trainedOn is "emojiscenes", expected an object'],
  },
  {
    name: 'trainedOn: an empty class list',
    fixture: lexicalFixture,
    mutate: (m) => (m.trainedOn = { dataset: 'emojiscenes', imageSize: [224, 224], classes: [] }),
    messages: ['manifest.json: trainedOn.classes is [], expected a non-empty array of at most 65,535 { name, emoji }'],
  },
  {
    name: 'every problem is reported, not only the first',
    fixture: lexicalFixture,
    mutate: (m) => {
      delete m.description;
      m.preprocess.std = [0.2, 0, 0.2];
      m.preprocess.resize.shortestEdge = 20;
      m.provenance.date = 'yesterday';
      m.files[1].bytes = -1;
    },
    messages: [
      'manifest.json: description is missing, expected a string',
      'manifest.json: preprocess.resize.shortestEdge is 20, expected at least 28 (the larger side of preprocess.inputSize, for the center crop)',
      'manifest.json: preprocess.std is [0.2,0,0.2], expected 3 positive numbers [r, g, b]',
      'manifest.json: provenance.date is "yesterday", expected an ISO 8601 date, e.g. "2025-01-31"',
      'manifest.json: files[1].bytes is -1, expected a non-negative integer',
    ],
  },
];

describe('validateManifest', () => {
  it.each(manifestCases)('$name', ({ fixture, mutate, messages }) => {
    const m = structuredClone(fixture().manifest) as Loose;
    mutate?.(m);
    const { manifest, issues } = validateManifest(m);
    expect(issues.map((i) => i.message)).toEqual(messages);
    expect(manifest).toEqual(messages.length === 0 ? m : null);
  });

  it('rejects a non-object and fills every issue field', () => {
    expect(validateManifest([], 'bundle/manifest.json').issues).toEqual([
      {
        file: 'bundle/manifest.json',
        field: '(root)',
        found: '[]',
        expected: 'a JSON object (the bundle manifest)',
        message: 'bundle/manifest.json: (root) is [], expected a JSON object (the bundle manifest)',
      },
    ]);
  });
});

interface BundleCase {
  name: string;
  fixture: () => FixtureBundle;
  /** Changes files after the manifest's sizes were computed; `resize` re-lists sizes (a consistent but wrong bundle). */
  edit: (files: Record<string, Uint8Array>, m: Manifest) => void;
  resize?: boolean;
  messages: string[];
}

const html = new TextEncoder().encode('<!DOCTYPE html><html><body>Not found</body></html>');

const bundleCases: BundleCase[] = [
  { name: 'valid lexical bundle', fixture: lexicalFixture, edit: () => {}, messages: [] },
  { name: 'valid dense bundle', fixture: denseFixture, edit: () => {}, messages: [] },
  { name: 'valid lexical bundle with a vision variant', fixture: lexicalWithVariantFixture, edit: () => {}, messages: [] },
  {
    name: 'a variant whose graph lacks an output of the vision graph',
    fixture: lexicalWithVariantFixture,
    edit: (f) => (f['vision/model.int8.onnx'] = visionGraph([{ name: 'patch_scores', shape: [1, 4, 5] }])),
    resize: true,
    messages: [
      'vision/model.int8.onnx: graph output "global" is missing, expected the output named by vision.outputs.global.name in manifest.json (the graph\'s outputs: "patch_scores")',
    ],
  },
  {
    name: 'truncated ONNX (size mismatch)',
    fixture: lexicalFixture,
    edit: (f) => (f['vision/model.onnx'] = f['vision/model.onnx'].slice(0, 5)),
    messages: [`vision/model.onnx: size is 5 bytes, expected ${lexicalFixture().files['vision/model.onnx'].length} bytes (files[0] in manifest.json); the file may be truncated (an interrupted download or copy?)`],
  },
  {
    name: 'non-ONNX file: an HTML page saved as the model',
    fixture: lexicalFixture,
    edit: (f) => (f['vision/model.onnx'] = html),
    resize: true,
    messages: ['vision/model.onnx: not an ONNX model: starts with bytes 3c 21 44 4f, text: HTML or XML, expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)'],
  },
  {
    name: 'non-ONNX file: a zip',
    fixture: denseFixture,
    edit: (f) => (f['vision.onnx'] = new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0])),
    resize: true,
    messages: ['vision.onnx: not an ONNX model: starts with bytes 50 4b 03 04, a zip archive, expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)'],
  },
  {
    name: 'ONNX header whose graph runs past the end of the file',
    fixture: lexicalFixture,
    edit: (f) => (f['vision/model.onnx'] = new Uint8Array([0x08, 0x08, 0x3a, 0x7f, 0x0a])),
    resize: true,
    messages: [
      'vision/model.onnx: not an ONNX model: starts with bytes 08 08 3a 7f (a field runs past the end of the file: truncated?), expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)',
    ],
  },
  {
    name: 'vocabulary length != output width',
    fixture: lexicalFixture,
    edit: (f) => (f['vocab.json'] = jsonBytes({ words: VOCAB.words.slice(0, 4), tokenIds: VOCAB.tokenIds.slice(0, 4) })),
    resize: true,
    messages: ['vocab.json: words has 4 entries, expected 5 (vocabulary.size and the width of vision.outputs.patch in manifest.json)'],
  },
  {
    name: 'vocabulary with bad entries',
    fixture: lexicalFixture,
    edit: (f) => (f['vocab.json'] = jsonBytes({ words: ['a', 2, 'c', null, 'e'], tokenIds: [1, 2, 3] })),
    resize: true,
    messages: [
      'vocab.json: words[1] is 2, expected a string (1 more entries are wrong too)',
      'vocab.json: tokenIds has 3 entries, expected 5 (one per word)',
    ],
  },
  {
    name: 'missing file',
    fixture: lexicalFixture,
    edit: (f) => delete f['tokenizer.json'],
    messages: ['tokenizer.json: the file is missing, expected it in the bundle (files[2] in manifest.json)'],
  },
  {
    name: 'tokenizer that is not a tokenizers JSON',
    fixture: lexicalFixture,
    edit: (f) => (f['tokenizer.json'] = jsonBytes({ vocab: {} })),
    resize: true,
    messages: ['tokenizer.json: model is missing, expected an object (a Hugging Face tokenizers JSON has a "model" section)'],
  },
  {
    name: 'precomputed text vectors of the wrong width',
    fixture: denseFixture,
    edit: (f) => (f['text/vectors.json'] = jsonBytes({ texts: ['a'], vectors: [[1, 2]] })),
    resize: true,
    messages: ['text/vectors.json: vectors[0] is [1,2], expected an array of 8 numbers (embeddingDim)'],
  },
  { name: 'valid lexical bundle with a gallery and an eval set', fixture: lexicalWithExtrasFixture, edit: () => {}, messages: [] },
  {
    name: 'gallery index that disagrees with itself and the manifest',
    fixture: lexicalWithExtrasFixture,
    edit: (f) => {
      const g = JSON.parse(new TextDecoder().decode(f['gallery/index.json']));
      g.items[1].image = 'gallery/c.png';
      g.items.push({ id: 'a', image: 'gallery/a.png', captions: [] });
      g.captionVectors[2] = { indices: [4, 3], values: [1, 1] };
      g.imageVectors[0] = { indices: [0, 9], values: [1, 1] };
      f['gallery/index.json'] = jsonBytes(g);
    },
    resize: true,
    messages: [
      'gallery/index.json: items has 3 entries, expected 2 (gallery.size in manifest.json)',
      'gallery/index.json: items[1].image is "gallery/c.png", expected a file listed in manifest.json files[]',
      'gallery/index.json: items[2].id is "a", expected a unique id',
      'gallery/index.json: imageVectors[0] is {"indices":[0,9],"values":[1,1]}, expected a sparse vector { indices: ascending integers in [0, 5), values: numbers of the same count }',
      'gallery/index.json: imageVectors has 2 entries, expected 3 (one per item)',
      'gallery/index.json: captionVectors[2] is {"indices":[4,3],"values":[1,1]}, expected a sparse vector { indices: ascending integers in [0, 5), values: numbers of the same count }',
    ],
  },
  {
    name: 'eval set with an unlisted mask, a bad box and a class count mismatch',
    fixture: lexicalWithExtrasFixture,
    edit: (f) => {
      const e = JSON.parse(new TextDecoder().decode(f['eval/evalset.json']));
      e.classes = ['dog', 'cat', 'horse'];
      e.items[0].mask = 'masks/y.png';
      e.items[0].boxes = [{ class: 4, box: [0, 0, 10, 10] }];
      f['eval/evalset.json'] = jsonBytes(e);
    },
    resize: true,
    messages: [
      'eval/evalset.json: classes has 3 entries, expected 2 (eval.classes in manifest.json)',
      'eval/evalset.json: items[0].mask is "masks/y.png", expected a file listed in manifest.json files[] (as "eval/masks/y.png")',
      'eval/evalset.json: items[0].boxes[0] is {"class":4,"box":[0,0,10,10]}, expected { class: 1..3, box: [x0, y0, x1, y1] with x0 < x1, y0 < y1 }',
    ],
  },
  { name: 'valid dense bundle with word embeddings', fixture: denseWithWordsFixture, edit: () => {}, messages: [] },
  {
    name: 'word embeddings file of the wrong size for its shape',
    fixture: denseWithWordsFixture,
    edit: (f) => (f['words/embeddings.bin'] = f['words/embeddings.bin'].slice(0, 50)),
    resize: true,
    messages: ['words/embeddings.bin: size is 50 bytes, expected 60 bytes for int8 [5,8] with one float32 scale per row (4 x 5 + 5 x 8 bytes), wordEmbeddings in manifest.json'],
  },
  {
    name: 'word embeddings vocabulary of another length than the table',
    fixture: denseWithWordsFixture,
    edit: (f) => (f['words/vocab.json'] = jsonBytes({ words: VOCAB.words.slice(0, 4), tokenIds: VOCAB.tokenIds.slice(0, 4) })),
    resize: true,
    messages: ['words/vocab.json: words has 4 entries, expected 5 (wordEmbeddings.vocabulary.size and wordEmbeddings.shape[0] in manifest.json)'],
  },
  {
    name: 'missing manifest',
    fixture: lexicalFixture,
    edit: (f) => delete f['manifest.json'],
    messages: ['fixture: manifest.json is missing, expected it at the bundle root (a bundle is a folder with manifest.json at its top)'],
  },
  {
    name: 'manifest that is not JSON',
    fixture: lexicalFixture,
    edit: (f) => (f['manifest.json'] = new TextEncoder().encode('{"format": ')),
    messages: [`manifest.json: not valid JSON (${jsonError('{"format": ')}), expected a JSON document`],
  },
];

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('validateBundle', () => {
  it.each(bundleCases)('$name', async ({ fixture, edit, resize, messages }) => {
    const b = fixture();
    const files = fixtureFiles(b);
    edit(files, b.manifest);
    if (resize) {
      b.manifest.files = b.manifest.files.map((e) => ({ path: e.path, bytes: files[e.path].length }));
      files['manifest.json'] = jsonBytes(b.manifest);
    }
    const { manifest, issues } = await validateBundle(sourceFromMemory('fixture', files));
    expect(issues.map((i) => i.message)).toEqual(messages);
    if (messages.length === 0) expect(manifest).toEqual(b.manifest);
  });

  it('formats issues one per line', async () => {
    const files = fixtureFiles(lexicalFixture());
    delete files['vocab.json'];
    delete files['tokenizer.json'];
    const { issues } = await validateBundle(sourceFromMemory('fixture', files));
    expect(formatIssues(issues)).toBe(
      [
        '- vocab.json: the file is missing, expected it in the bundle (files[1] in manifest.json)',
        '- tokenizer.json: the file is missing, expected it in the bundle (files[2] in manifest.json)',
      ].join('\n'),
    );
  });
});
