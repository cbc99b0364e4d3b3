/**
 * The Engine as a RetrievalEncoder: images through encodeDetached (the explorer's current image
 * stays as it is), text through the bundle's text side, both under the engine's current
 * sparsification rule. Used by the CLI and the worker alike.
 */
import { sparsify, type SparsifyRule } from '../lexical/sparse';
import type { MultiRetrievalEncoder, RetrievalEncoder } from '../retrieval/evaluate';
import type { RetrievalVector } from '../retrieval/gallery';
import type { EncodedImage } from './encode';
import type { Engine } from './engine';
import type { TextVector } from './text';

/** An encoded image's global vector as retrieval uses it: sparse under `engine`'s rule, or dense. */
export function imageRetrievalVector(engine: Engine, image: EncodedImage): RetrievalVector {
  return image.kind === 'lexical' ? sparsify(image.global, engine.sparsifyRule!) : image.global;
}

function textRetrievalVector(t: TextVector): RetrievalVector {
  return t.vector;
}

export function engineRetrievalEncoder(engine: Engine): RetrievalEncoder {
  const kind = engine.info().kind;
  return {
    kind,
    async encodeImage(bytes, name) {
      const { image } = await engine.encodeDetached(bytes, name, 0);
      return imageRetrievalVector(engine, image);
    },
    async encodeText(text) {
      const model = await engine.text();
      return textRetrievalVector(await model.encode(text, engine.sparsifyRule));
    },
  };
}

/**
 * The Engine under several sparsification rules at once (the sparsity sweep): each image runs
 * once and its global vector is sparsified per rule; each caption runs once (TextModel.encodeAt).
 * Dense bundles have no rule: every setting gets the same vector (a flat line in the sweep).
 */
export function engineMultiEncoder(engine: Engine, rules: readonly SparsifyRule[]): MultiRetrievalEncoder {
  const kind = engine.info().kind;
  return {
    kind,
    settings: rules.length,
    async encodeImage(bytes, name) {
      const { image } = await engine.encodeDetached(bytes, name, 0);
      return image.kind === 'lexical' ? rules.map((r) => sparsify(image.global, r)) : rules.map(() => image.global);
    },
    async encodeText(text) {
      const model = await engine.text();
      if (kind === 'dense') {
        const v = textRetrievalVector(await model.encode(text, null));
        return rules.map(() => v);
      }
      return (await model.encodeAt(text, rules)).map(textRetrievalVector);
    },
  };
}
