/**
 * The worker's side of retrieval-protocol.ts: one RetrievalService around the worker's Engine,
 * galleries kept in IndexedDB. Kept apart from handlers.ts, which only forwards to it.
 */
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import { engineRetrievalEncoder, imageRetrievalVector } from '../model/retrieval-encoder';
import { evaluateRetrieval } from '../retrieval/evaluate';
import { idbGalleryStore } from './gallery-store';
import { openEvalSet } from './patchdis-handlers';
import type { Request, Response } from './protocol';
import { RETRIEVAL_REQUEST_TYPES, type RetrievalRequest } from './retrieval-protocol';
import { RetrievalService } from './retrieval-service';
import { findGalleryWords, galleryVocabUsage, galleryWordImages } from './vocab-service';

type Post = (msg: Response, transfer?: Transferable[]) => void;

const TYPES: ReadonlySet<string> = new Set(RETRIEVAL_REQUEST_TYPES);
let service: RetrievalService | null = null;

export function isRetrievalRequest(m: Request): m is RetrievalRequest {
  return TYPES.has(m.type);
}

function getService(engine: Engine): RetrievalService {
  service ??= new RetrievalService(
    {
      manifest: () => engine.manifest,
      source: () => engine.bundleSource(),
      encoder: () => engineRetrievalEncoder(engine),
      currentImageVector: () => {
        const image = engine.encoded;
        if (!image) throw new EngineError('no-image', 'No image is open in the inspector: open an image first, then search with it.');
        return imageRetrievalVector(engine, image);
      },
      words: () => engine.vocabulary()?.words ?? null,
      rule: () => engine.sparsifyRule,
    },
    idbGalleryStore(),
  );
  return service;
}

export async function handleRetrieval(engine: Engine, msg: RetrievalRequest, post: Post): Promise<void> {
  const { id } = msg;
  const s = getService(engine);
  switch (msg.type) {
    case 'galleryOpen': {
      const gallery = msg.source.kind === 'bundle' ? await s.openBundle() : await s.openStored(msg.source.key);
      return post({ id, type: 'galleryOpened', gallery });
    }
    case 'galleryIndex': {
      const gallery = await s.indexFolder(msg.job, msg.name, msg.files, (done, total, label) =>
        post({ id, type: 'progress', phase: 'encode', loadedBytes: done, totalBytes: total, label }),
      );
      return post({ id, type: 'galleryOpened', gallery });
    }
    case 'galleryList':
      return post({ id, type: 'galleryListed', entries: await s.list() });
    case 'galleryRemove':
      await s.remove(msg.key);
      return post({ id, type: 'galleryRemoved', key: msg.key });
    case 'galleryImage': {
      const { name, bytes } = await s.image(msg.item);
      const buffer = bytes.slice().buffer as ArrayBuffer; // a copy: the gallery keeps its own
      return post({ id, type: 'galleryImaged', item: msg.item, name, bytes: buffer }, [buffer]);
    }
    case 'retrievalSearch':
      return post({ id, type: 'retrievalResults', result: await s.search(msg.query, msg.target, msg.k, msg.explain) });
    case 'retrievalEval': {
      const job = s.track(msg.job);
      try {
        const { set, read } = await openEvalSet(engine, msg.source);
        const text = await engine.text();
        const result = await evaluateRetrieval(set, read, engineRetrievalEncoder(engine), {
          signal: job.signal,
          onProgress: (done, total, label) => post({ id, type: 'progress', phase: 'encode', loadedBytes: done, totalBytes: total, label }),
        }).catch((e: unknown) => {
          if (job.signal.aborted) throw new EngineError('cancelled', `The recall evaluation on ${set.name} was cancelled.`);
          throw e;
        });
        return post({ id, type: 'retrievalEvaluated', evalSet: set.name, textMode: text.mode, result });
      } finally {
        job.done();
      }
    }
    case 'retrievalCancel':
      return post({ id, type: 'retrievalCancelled', job: msg.job, found: s.cancel(msg.job) });
    case 'indexExport': {
      const ex = s.exportActive(msg.format);
      return post({ id, type: 'indexExported', files: [ex.setup, ex.data] });
    }
    case 'vocabUsage':
      return post({ id, type: 'vocabUsed', usage: galleryVocabUsage(s.lexicalActive(), msg.minShare, msg.limit) });
    case 'vocabFind':
      return post({ id, type: 'vocabFound', text: msg.text, words: findGalleryWords(s.lexicalActive(), msg.text, msg.limit) });
    case 'wordImages': {
      const g = s.lexicalActive();
      return post({ id, type: 'wordImaged', word: msg.word, text: g.words[msg.word] ?? `#${msg.word}`, hits: galleryWordImages(g, msg.word, msg.k) });
    }
  }
}

