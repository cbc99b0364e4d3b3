import { describe, expect, it } from 'vitest';
import { folderSource, urlSource } from './bundleSources';

const blob = new Blob(['x']);

describe('folderSource', () => {
  it('keeps the bundle folder as the first segment (the worker names the bundle after it)', () => {
    const src = folderSource([
      { relativePath: 'tiny/manifest.json', file: blob },
      { relativePath: 'tiny/vision/model.onnx', file: blob },
    ]);
    expect(src.kind === 'files' && src.files.map((f) => f.path)).toEqual(['tiny/manifest.json', 'tiny/vision/model.onnx']);
  });
  it('takes the shallowest manifest when the parent folder was chosen, ignoring other files', () => {
    const src = folderSource([
      { relativePath: 'models/tiny/manifest.json', file: blob },
      { relativePath: 'models/tiny/eval/sub/manifest.json', file: blob },
      { relativePath: 'models/readme.txt', file: blob },
    ]);
    expect(src.kind === 'files' && src.files.map((f) => f.path)).toEqual(['tiny/manifest.json', 'tiny/eval/sub/manifest.json']);
  });
  it('names what it found when there is no manifest', () => {
    expect(() => folderSource([{ relativePath: 'x/a.onnx', file: blob }])).toThrow(
      "The chosen folder has no manifest.json (found 1 files: x/a.onnx); choose the bundle's folder.",
    );
  });
});

describe('urlSource', () => {
  it('resolves against the page and adds the trailing slash of a folder URL', () => {
    expect(urlSource('/models/tiny', 'http://localhost:4173/?x=1')).toEqual({ kind: 'url', url: 'http://localhost:4173/models/tiny/' });
    expect(urlSource(' b.zip ', 'http://h/app/')).toEqual({ kind: 'url', url: 'http://h/app/b.zip' });
  });
  it('rejects an empty URL with the expected form', () => {
    expect(() => urlSource('  ', 'http://h/')).toThrow('Bundle URL is empty; expected a URL such as /models/lexvla-tiny/');
  });
});
