/**
 * The Engine as a RetrievalEncoder: images through encodeDetached (the explorer's current image
 * stays as it is), text through the bundle's text side, both under the engine's current
 * sparsification rule. Used by the CLI and the worker alike.
 */
import { sparsify } from '../lexical/sparse';
import type { RetrievalEncoder } from '../retrieval/evaluate';
import type { RetrievalVector } from '../retrieval/gallery';
import type { Engine, EncodedImage } from './engine';
import type { TextVector } from './text';

/** An encoded image's global vector as retrieval uses it: sparse under `engine`'s rule, or dense. */
export function imageRetrievalVector(engine: Engine, image: EncodedImage): RetrievalVector {
  return image.kind === 'lexical' ? sparsify(image.global, engine.sparsifyRule!) : image.global;
}

export function textRetrievalVector(t: TextVector): RetrievalVector {
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
