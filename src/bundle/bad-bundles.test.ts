/**
 * Broken bundles, by category, as a new user meets them: each row builds one (in memory, as a
 * zip, or as a folder on disk) and lists the exact messages the validator must give. The same
 * validator runs in `lexvla validate` and in the app's load, so these are the texts both show.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureFiles, jsonBytes, lexicalFixture, lexicalWithExtrasFixture, png, VOCAB, type FixtureBundle } from './fixtures';
import { sourceFromDir } from './node-source';
import { constantGraph, ELEM, encodeOnnx, type OnnxGraphSpec } from './onnx-write';
import { sourceFromMemory, type BundleSource } from './source';
import { sourceFromUrl } from './source-url';
import { sourceFromZip } from './source-zip';
import { validateBundle } from './validate-bundle';
import { editZipEntry } from './zip-edit';

type Files = Record<string, Uint8Array>;
type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests edited into invalid shapes

/** The fixture's files after `edit`, with files[].bytes re-listed so that only the edit is wrong. */
function edited(fixture: () => FixtureBundle, edit: (f: Files, m: Loose) => void): Files {
  const b = fixture();
  const files = fixtureFiles(b);
  edit(files, b.manifest);
  b.manifest.files = b.manifest.files.filter((e) => files[e.path]).map((e) => ({ path: e.path, bytes: files[e.path].length }));
  return { ...files, 'manifest.json': jsonBytes(b.manifest) };
}
const memory = (fixture: () => FixtureBundle, edit: (f: Files, m: Loose) => void) => async () => sourceFromMemory('fixture', edited(fixture, edit));

const PIXELS = { name: 'pixels', elemType: ELEM.float32, shape: [1, 3, 28, 28] };
const PATCH = { name: 'patch_scores', elemType: ELEM.float32, shape: [1, 4, 5] };
const GLOBAL = { name: 'global', elemType: ELEM.float32, shape: ['batch', 5] };
/** The lexical fixture with its vision graph replaced. */
const withGraph = (g: Partial<OnnxGraphSpec>) => memory(lexicalFixture, (f) => (f['vision/model.onnx'] = encodeOnnx({ inputs: [PIXELS], outputs: [PATCH, GLOBAL], ...g })));

const tmp = mkdtempSync(join(tmpdir(), 'lexvla-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Case {
  name: string;
  source: () => Promise<BundleSource>;
  messages: string[];
}

const graphs: Case[] = [
  {
    name: 'input named differently in the graph',
    source: withGraph({ inputs: [{ ...PIXELS, name: 'pixel_values' }] }),
    messages: [
      'vision/model.onnx: graph input "pixels" is missing, expected the input named by vision.input.name in manifest.json (the graph\'s inputs: "pixel_values")',
      'vision/model.onnx: graph input "pixel_values" is not named in manifest.json, expected every input the graph needs named there (vision.input), since the explorer feeds only those',
    ],
  },
  {
    name: 'input of another element type',
    source: withGraph({ inputs: [{ ...PIXELS, elemType: ELEM.float16 }] }),
    messages: ['vision/model.onnx: graph input "pixels" element type is float16, expected float32 (vision.input.dtype in manifest.json)'],
  },
  {
    name: 'manifest claiming a 1,400 px input for a 28 px graph',
    source: memory(lexicalFixture, (_, m) => {
      m.preprocess.inputSize = [1400, 1400];
      m.preprocess.grid = [100, 100];
      m.preprocess.resize.shortestEdge = 1400;
      m.vision.input.shape = [1, 3, 1400, 1400];
      m.vision.outputs.patch.shape = [1, 10000, 5];
    }),
    messages: [
      'vision/model.onnx: graph input "pixels" shape is [1,3,28,28], expected [1,3,1400,1400] (vision.input.shape in manifest.json)',
      'vision/model.onnx: graph output "patch_scores" shape is [1,4,5], expected [1,10000,5] (vision.outputs.patch.shape in manifest.json; 5 = vocabulary.size)',
    ],
  },
  {
    name: 'a vocabulary of another size than the graph\'s output',
    source: memory(lexicalFixture, (f, m) => {
      f['vocab.json'] = jsonBytes({ words: [...VOCAB.words, 'tree'], tokenIds: [...VOCAB.tokenIds, 16] });
      m.vocabulary.size = 6;
      m.vision.outputs.patch.shape = [1, 4, 6];
      m.vision.outputs.global.shape = ['batch', 6];
    }),
    messages: [
      'vision/model.onnx: graph output "patch_scores" shape is [1,4,5], expected [1,4,6] (vision.outputs.patch.shape in manifest.json; 6 = vocabulary.size)',
      'vision/model.onnx: graph output "global" shape is ["batch",5], expected ["batch",6] (vision.outputs.global.shape in manifest.json; 6 = vocabulary.size)',
    ],
  },
  {
    name: 'output missing from the graph, output of another type',
    source: withGraph({ outputs: [{ ...PATCH, elemType: ELEM.float16 }, { ...GLOBAL, name: 'pooled' }] }),
    messages: [
      'vision/model.onnx: graph output "patch_scores" element type is float16, expected float32 (vision.outputs.patch.dtype in manifest.json; 5 = vocabulary.size)',
      'vision/model.onnx: graph output "global" is missing, expected the output named by vision.outputs.global.name in manifest.json (the graph\'s outputs: "patch_scores", "pooled")',
    ],
  },
  {
    name: 'IR version and operator sets onnxruntime-web 1.30 cannot load',
    source: withGraph({ irVersion: 14, opsets: [['', 27], ['ai.onnx.ml', 6], ['com.microsoft', 1]] }),
    messages: [
      "vision/model.onnx: ir_version is 14, expected at most 13 (the newest ONNX IR version onnxruntime-web 1.30 loads; export again with an older onnx, or lower the model's ir_version)",
      'vision/model.onnx: opset_import "ai.onnx" is 27, expected at most 26 (the newest "ai.onnx" operator set onnxruntime-web 1.30 runs; export with opset_version=26 or lower)',
      'vision/model.onnx: opset_import "ai.onnx.ml" is 6, expected at most 5 (the newest "ai.onnx.ml" operator set onnxruntime-web 1.30 runs; export with opset_version=5 or lower)',
    ],
  },
  {
    name: 'no operator set at all',
    source: withGraph({ opsets: [] }),
    messages: ['vision/model.onnx: opset_import is empty, expected an entry for the "ai.onnx" operator set (onnxruntime refuses a model without one)'],
  },
  {
    name: 'a weight whose raw data is shorter than its dimensions',
    source: withGraph({ initializers: [{ name: 'w', dataType: ELEM.float32, dims: [4, 4], raw: new Uint8Array(60) }] }),
    messages: [
      'vision/model.onnx: not a readable ONNX model: graph.initializer[0] ("w").raw_data: 60 bytes of weights, expected 64 for float32 [4,4] (at byte 30); the file is truncated or corrupted',
    ],
  },
  {
    name: 'a file corrupted in the middle (a block overwritten), its size unchanged',
    source: memory(lexicalFixture, (f) => {
      const g = constantGraph({ inputs: [PIXELS], outputs: [PATCH, GLOBAL] }).slice();
      g.fill(0xff, 40, 48);
      f['vision/model.onnx'] = g;
    }),
    messages: [
      'vision/model.onnx: not a readable ONNX model: graph.node[0]: field 12 has wire type 3, which no ONNX field uses (at byte 50); the file is truncated or corrupted',
    ],
  },
  {
    name: 'external weights the manifest does not list, and past the end of the listed file',
    source: memory(lexicalFixture, (f, m) => {
      f['vision/model.onnx'] = encodeOnnx({
        inputs: [PIXELS],
        outputs: [PATCH, GLOBAL],
        initializers: [
          { name: 'w', dataType: ELEM.float32, dims: [4], external: { location: 'weights.bin', offset: 0, length: 16 } },
          { name: 'v', dataType: ELEM.float32, dims: [8], external: { location: 'model.onnx.data', offset: 16, length: 32 } },
        ],
      });
      f['vision/model.onnx.data'] = new Uint8Array(40);
      m.vision.externalData = ['vision/model.onnx.data'];
      m.files.push({ path: 'vision/model.onnx.data', bytes: 40 });
    }),
    messages: [
      'vision/model.onnx: graph.initializer[0] ("w") external data location is "weights.bin", expected one of "model.onnx.data" (vision.externalData in manifest.json, relative to vision/model.onnx)',
      'vision/model.onnx: graph.initializer[1] ("v") external data is bytes 16..48 of vision/model.onnx.data, expected at most 40 bytes (the size of vision/model.onnx.data in files[] of manifest.json)',
    ],
  },
  {
    name: 'text graph: a mask input of another type, an input the manifest does not name',
    source: memory(lexicalFixture, (f, m) => {
      const ids = { name: 'input_ids', shape: [1, 8], dtype: 'int64' };
      m.text = { mode: 'onnx', tokenizer: 'tokenizer.json', maxLength: 8, model: { file: 'text.onnx', weights: 'fp32', inputs: { ids, mask: { ...ids, name: 'attention_mask' } }, output: { name: 'text_scores', shape: [1, 5], dtype: 'float32' } } };
      m.files.push({ path: 'text.onnx', bytes: 0 });
      f['text.onnx'] = constantGraph({
        inputs: [{ name: 'input_ids', elemType: ELEM.int64, shape: [1, 8] }, { name: 'attention_mask', elemType: ELEM.int32, shape: [1, 8] }, { name: 'token_type_ids', elemType: ELEM.int64, shape: [1, 8] }],
        outputs: [{ name: 'text_scores', elemType: ELEM.float32, shape: [1, 5] }],
      });
    }),
    messages: [
      'text.onnx: graph input "attention_mask" element type is int32, expected int64 (text.model.inputs.mask.dtype in manifest.json)',
      'text.onnx: graph input "token_type_ids" is not named in manifest.json, expected every input the graph needs named there (text.model.inputs.ids, text.model.inputs.mask), since the explorer feeds only those',
    ],
  },
];

const masks: Case[] = [
  { name: 'valid 16-bit mask', source: memory(lexicalWithExtrasFixture, (f) => (f['eval/masks/x.png'] = pngDepth16(16, 12))), messages: [] },
  {
    name: 'mask that is not a PNG',
    source: memory(lexicalWithExtrasFixture, (f) => (f['eval/masks/x.png'] = new TextEncoder().encode('not a mask'))),
    messages: ['eval/masks/x.png: not a PNG (starts with "not a mas"), expected an 8- or 16-bit grayscale PNG of class indices (items[0].mask in eval/evalset.json)'],
  },
  {
    name: 'mask in colour',
    source: memory(lexicalWithExtrasFixture, (f) => (f['eval/masks/x.png'] = png(16, 12, 3))),
    messages: ['eval/masks/x.png: is an 8-bit RGB PNG, expected an 8- or 16-bit grayscale PNG of class indices (items[0].mask in eval/evalset.json)'],
  },
  {
    name: 'mask of another size than its image',
    source: memory(lexicalWithExtrasFixture, (f) => (f['eval/masks/x.png'] = png(100, 80))),
    messages: ['eval/masks/x.png: size is 100x80, expected 16x12, the size of eval/images/x.png (items[0].mask in eval/evalset.json; masks are pixel-aligned with their images)'],
  },
  {
    name: 'empty mask file',
    source: memory(lexicalWithExtrasFixture, (f) => (f['eval/masks/x.png'] = new Uint8Array(0))),
    messages: ['eval/masks/x.png: an empty file, expected an 8- or 16-bit grayscale PNG of class indices (items[0].mask in eval/evalset.json)'],
  },
];

/** A 16-bit grayscale PNG header is all the validator reads; fast-png writes one from 16-bit data. */
function pngDepth16(w: number, h: number): Uint8Array {
  const b = png(w, h).slice();
  b[24] = 16; // bit depth in IHDR (the CRC is not read by a header check)
  return b;
}

const good = fixtureFiles(lexicalFixture());
const zipOf = (files: Zippable, name = 'bundle.zip') => async () => sourceFromZip(name, zipSync(files));
const edit = (entry: string, e: Parameters<typeof editZipEntry>[2], files: Zippable = good) => async () => sourceFromZip('bundle.zip', editZipEntry(zipSync(files), entry, e));
/** A zip whose directory lies about an entry's size, and whose manifest repeats the lie (so that only unpacking can tell). */
const lying = (entry: string, size: number) => {
  const m = JSON.parse(new TextDecoder().decode(good['manifest.json']));
  for (const f of m.files) if (f.path === entry) f.bytes = size;
  return edit(entry, { size }, { ...good, 'manifest.json': jsonBytes(m) });
};

const zips: Case[] = [
  { name: 'valid zip, deflated', source: zipOf(good), messages: [] },
  { name: 'valid zip, stored', source: async () => sourceFromZip('bundle.zip', zipSync(good, { level: 0 })), messages: [] },
  {
    name: 'an entry declaring 4 GB',
    source: edit('vocab.json', { size: 0xffffffff }),
    messages: ['vocab.json: the zip entry "vocab.json" declares 4294967295 bytes, expected at most 2147483648 (2 GiB, the largest file the explorer unpacks from a zip)'],
  },
  {
    name: 'an entry declaring more than deflate can expand to',
    source: edit('vocab.json', { size: 10_000_000 }),
    messages: [`vocab.json: the zip entry "vocab.json" declares 10000000 bytes from ${deflatedSize('vocab.json')} compressed bytes, expected at most ${deflatedSize('vocab.json') * 1032 + 64} (deflate expands at most 1032 times): the zip's directory is damaged or crafted`],
  },
  {
    name: 'an entry declaring fewer bytes than it holds',
    source: lying('tokenizer.json', 10),
    messages: ['tokenizer.json: the zip entry "tokenizer.json" unpacks to more than the 10 bytes its directory declares, expected exactly 10: the zip is damaged or crafted'],
  },
  {
    name: 'an entry declaring more bytes than it holds',
    source: lying('tokenizer.json', good['tokenizer.json'].length + 5),
    messages: [`tokenizer.json: the zip entry "tokenizer.json" unpacks to ${good['tokenizer.json'].length} bytes, expected ${good['tokenizer.json'].length + 5} (the size its directory declares): the zip is damaged`],
  },
  {
    name: 'an entry whose CRC-32 differs',
    source: edit('tokenizer.json', { crc: 0x12345678 }),
    messages: [`tokenizer.json: the zip entry "tokenizer.json" unpacks to bytes whose CRC-32 is ${crcHex(good['tokenizer.json'])}, expected 12345678 (the zip's directory): the zip is damaged`],
  },
  {
    name: 'bzip2 compression',
    source: edit('vision/model.onnx', { method: 12 }),
    messages: [
      'vision/model.onnx: the zip entry "vision/model.onnx" is compressed with bzip2 (method 12), expected stored (method 0) or deflate (method 8), the methods the explorer unpacks (zip the bundle again with `zip -r` or your system\'s "Compress")',
    ],
  },
  {
    name: 'an encrypted entry',
    source: edit('vocab.json', { flags: 1 }),
    messages: ['vocab.json: the zip entry "vocab.json" is encrypted, expected an unencrypted entry (the explorer cannot decrypt zips: zip the bundle again without a password)'],
  },
  {
    name: 'AES encryption',
    source: edit('vocab.json', { method: 99 }),
    messages: ['vocab.json: the zip entry "vocab.json" is encrypted (AES), expected an unencrypted entry (the explorer cannot decrypt zips: zip the bundle again without a password)'],
  },
  {
    name: 'deflate data damaged',
    source: async () => {
      const z = zipSync(good);
      const at = indexOf(z, 'tokenizer.json') + 'tokenizer.json'.length;
      z.fill(0xff, at + 2, at + 12);
      return sourceFromZip('bundle.zip', z);
    },
    messages: ['tokenizer.json: the zip entry "tokenizer.json" cannot be unpacked (deflate data: invalid distance), expected a valid deflate stream: the zip is damaged'],
  },
  {
    name: 'manifest two folders deep',
    source: zipOf(Object.fromEntries(Object.entries(good).map(([p, b]) => [`export/run-3/${p}`, b]))),
    messages: [
      'bundle.zip: manifest.json is not at the bundle root, found "export/run-3/manifest.json", 2 folders down; expected it at the top or one folder down (zip or pick the folder "export/run-3" itself)',
    ],
  },
  {
    name: 'a symbolic link entry',
    source: zipOf({ ...good, 'vocab.json': [good['vocab.json'], { os: 3, attrs: 0o120777 << 16 }] }),
    messages: ['vocab.json: the zip entry "vocab.json" is a symbolic link, expected a regular file (a bundle file may not be a link)'],
  },
];

function deflatedSize(entry: string): number {
  const z = zipSync(good);
  const v = new DataView(z.buffer);
  const at = indexOf(z, entry) - 30; // the local header's fixed part precedes the name
  return v.getUint32(at + 18, true);
}

function indexOf(hay: Uint8Array, s: string): number {
  const needle = new TextEncoder().encode(s);
  for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((b, j) => hay[i + j] === b)) return i;
  return -1;
}

function crcHex(b: Uint8Array): string {
  let c = ~0 >>> 0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (~c >>> 0).toString(16).padStart(8, '0');
}

const utf16 = (s: string, le: boolean, bom: boolean) => {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const v = new DataView(out.buffer);
  [...(bom ? [0xfeff] : []), ...Array.from(s, (c) => c.charCodeAt(0))].forEach((c, i) => v.setUint16(i * 2, c, le));
  return out;
};
const manifestText = new TextDecoder().decode(good['manifest.json']);

const messages: Case[] = [
  {
    name: 'UTF-16 manifest with a byte-order mark',
    source: async () => sourceFromMemory('fixture', { ...good, 'manifest.json': utf16(manifestText, true, true) }),
    messages: ['manifest.json: encoded as UTF-16, little-endian (byte-order mark FF FE), expected UTF-8 (the JSON files of a bundle are UTF-8: save it as UTF-8)'],
  },
  {
    name: 'UTF-16 big-endian vocabulary without a mark',
    source: memory(lexicalFixture, (f) => (f['vocab.json'] = utf16(JSON.stringify(VOCAB), false, false))),
    messages: ['vocab.json: encoded as UTF-16, big-endian, without a byte-order mark, expected UTF-8 (the JSON files of a bundle are UTF-8: save it as UTF-8)'],
  },
  {
    name: 'UTF-8 with a byte-order mark is read',
    source: async () => sourceFromMemory('fixture', { ...good, 'manifest.json': Uint8Array.from([0xef, 0xbb, 0xbf, ...good['manifest.json']]) }),
    messages: [],
  },
  {
    name: 'control characters in names are escaped',
    source: async () => {
      const m = JSON.parse(manifestText);
      m.vocabulary.file = 'vocab\u001b[2J.json';
      m.files[1].path = 'vocab\u0000.json';
      return sourceFromMemory('bundle\u001b[2J\u0007', { ...good, 'manifest.json': jsonBytes(m) });
    },
    messages: [
      'manifest.json: vocabulary.file is "vocab\\u001b[2J.json", expected a path without control characters',
      'manifest.json: files[1].path is "vocab\\u0000.json", expected a path without control characters',
    ],
  },
  {
    name: 'a zip named with an escape sequence, its manifest deep inside',
    source: zipOf({ 'a\u001b[2Jb/c/manifest.json': good['manifest.json'] }, 'evil\u001b]0;x\u0007.zip'),
    messages: [
      'evil\\x1b]0;x\\x07.zip: manifest.json is not at the bundle root, found "a\\u001b[2Jb/c/manifest.json", 2 folders down; expected it at the top or one folder down (zip or pick the folder "a\\u001b[2Jb/c" itself)',
    ],
  },
];

/** A fake static server over `files` at https://x.test/b/, answering ranges as sirv (vite preview) does: 416 past the end. */
function server(files: Files): typeof fetch {
  return async (input, init) => {
    const body = files[decodeURIComponent(String(input).replace('https://x.test/b/', ''))];
    if (!body) return new Response('not found', { status: 404 });
    const range = new Headers(init?.headers).get('Range');
    if (!range) return new Response(init?.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers: { 'content-length': String(body.length) } });
    const [, from, to] = /bytes=(\d+)-(\d+)/.exec(range)!.map(Number);
    if (from >= body.length) return new Response(null, { status: 416, statusText: 'Range Not Satisfiable' });
    const part = body.subarray(from, Math.min(to + 1, body.length));
    return new Response(part as Uint8Array<ArrayBuffer>, { status: 206, headers: { 'content-length': String(part.length) } });
  };
}

const empty: Case[] = [
  {
    name: 'a zero-length model served over HTTP',
    source: async () => sourceFromUrl('https://x.test/b/', server(edited(lexicalFixture, (f) => (f['vision/model.onnx'] = new Uint8Array(0))))),
    messages: ['vision/model.onnx: not an ONNX model: starts with nothing (an empty file), expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)'],
  },
  {
    name: 'a zero-length model in a folder',
    source: memory(lexicalFixture, (f) => (f['vision/model.onnx'] = new Uint8Array(0))),
    messages: ['vision/model.onnx: not an ONNX model: starts with nothing (an empty file), expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)'],
  },
  {
    name: 'a valid bundle over HTTP, its text graph read by ranges',
    source: async () => sourceFromUrl('https://x.test/b/', server(good)),
    messages: [],
  },
];

/** A bundle folder on disk whose `link` is a symbolic link to `target` (relative to the folder). */
function linked(name: string, link: string, target: (dir: string) => string) {
  return async () => {
    const dir = join(tmp, name);
    for (const [p, b] of Object.entries(good)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      if (p !== link) writeFileSync(join(dir, p), b);
    }
    symlinkSync(target(dir), join(dir, link));
    return sourceFromDir(dir);
  };
}

const rules: Case[] = [
  {
    name: 'a word listed twice in vocab.json',
    source: memory(lexicalFixture, (f) => (f['vocab.json'] = jsonBytes({ words: ['dog', 'cat', 'dog', 'sky', 'cat'], tokenIds: VOCAB.tokenIds }))),
    messages: ['vocab.json: words[2] is "dog", expected a word no other entry has (words[0] is the same; 1 more entries repeat a word): each vocabulary entry is one distinct word'],
  },
  {
    name: 'a link to a file outside the bundle folder',
    source: linked('outside', 'vocab.json', () => {
      writeFileSync(join(tmp, 'secret.json'), good['vocab.json']);
      return join(tmp, 'secret.json');
    }),
    messages: [`vocab.json: a symbolic link to ${join(tmp, 'secret.json')}, outside the bundle folder, expected a file inside the bundle folder (a bundle may not link outside itself)`],
  },
  {
    name: 'a link inside the bundle folder is followed',
    source: linked('inside', 'vocab.json', (dir) => {
      writeFileSync(join(dir, 'words.json'), good['vocab.json']);
      return 'words.json';
    }),
    messages: [],
  },
];

describe.each([
  ['1. the ONNX graph against the manifest', graphs],
  ['3. evaluation-set masks', masks],
  ['4. zip bundles', zips],
  ['5. messages: encodings and control characters', messages],
  ['6. empty files over HTTP', empty],
  ['7. duplicate words, links out of the folder', rules],
] as const)('%s', (_, cases) => {
  it.each(cases)('$name', async ({ source, messages: expected }) => {
    const { issues } = await validateBundle(await source());
    expect(issues.map((i) => i.message)).toEqual(expected);
  });
});
