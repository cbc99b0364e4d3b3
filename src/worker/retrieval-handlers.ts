/**
 * The worker's side of retrieval-protocol.ts: one RetrievalService around the worker's Engine,
 * galleries kept in IndexedDB. Kept apart from handlers.ts, whose table spreads these in.
 */
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import { engineRetrievalEncoder, imageRetrievalVector } from '../model/retrieval-encoder';
import { evaluateRetrieval } from '../retrieval/evaluate';
import { idbGalleryStore } from './gallery-store';
import { openEvalSet } from './patchdis-handlers';
import type { Handlers } from './protocol';
import type { RETRIEVAL_REQUESTS } from './retrieval-protocol';
import { RetrievalService } from './retrieval-service';
import { findGalleryWords, galleryVocabUsage, galleryWordImages } from './vocab-service';

type RetrievalRequestType = keyof typeof RETRIEVAL_REQUESTS;

let service: RetrievalService | null = null;

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

/** The handlers of retrieval-protocol.ts's rows, around the worker's Engine. */
export function retrievalHandlers(engine: () => Engine): Handlers<RetrievalRequestType> {
  const retrieval = () => getService(engine());
  return {
    galleryOpen: async (msg, reply) => {
      const s = retrieval();
      const gallery = msg.source.kind === 'bundle' ? await s.openBundle() : await s.openStored(msg.source.key);
      reply({ type: 'galleryOpened', gallery });
    },
    galleryIndex: async (msg, reply, post) => {
      const gallery = await retrieval().indexFolder(msg.job, msg.name, msg.files, (done, total, label) =>
        post({ id: msg.id, type: 'progress', phase: 'encode', loadedBytes: done, totalBytes: total, label }),
      );
      reply({ type: 'galleryOpened', gallery });
    },
    galleryList: async (_msg, reply) => reply({ type: 'galleryListed', entries: await retrieval().list() }),
    galleryRemove: async (msg, reply) => {
      await retrieval().remove(msg.key);
      reply({ type: 'galleryRemoved', key: msg.key });
    },
    galleryImage: async (msg, reply) => {
      const { name, bytes } = await retrieval().image(msg.item);
      const buffer = bytes.slice().buffer as ArrayBuffer; // a copy: the gallery keeps its own
      reply({ type: 'galleryImaged', item: msg.item, name, bytes: buffer }, [buffer]);
    },
    retrievalSearch: async (msg, reply) => reply({ type: 'retrievalResults', result: await retrieval().search(msg.query, msg.target, msg.k, msg.explain) }),
    retrievalEval: async (msg, reply, post) => {
      const e = engine();
      const job = retrieval().track(msg.job);
      try {
        const { set, read } = await openEvalSet(e, msg.source);
        const text = await e.text();
        const result = await evaluateRetrieval(set, read, engineRetrievalEncoder(e), {
          signal: job.signal,
          onProgress: (done, total, label) => post({ id: msg.id, type: 'progress', phase: 'encode', loadedBytes: done, totalBytes: total, label }),
        }).catch((err: unknown) => {
          if (job.signal.aborted) throw new EngineError('cancelled', `The recall evaluation on ${set.name} was cancelled.`);
          throw err;
        });
        reply({ type: 'retrievalEvaluated', evalSet: set.name, textMode: text.mode, result });
      } finally {
        job.done();
      }
    },
    retrievalCancel: (msg, reply) => reply({ type: 'retrievalCancelled', job: msg.job, found: retrieval().cancel(msg.job) }),
    indexExport: (msg, reply) => {
      const ex = retrieval().exportActive(msg.format);
      reply({ type: 'indexExported', files: [ex.setup, ex.data] });
    },
    vocabUsage: (msg, reply) => reply({ type: 'vocabUsed', usage: galleryVocabUsage(retrieval().lexicalActive(), msg.minShare, msg.limit) }),
    vocabFind: (msg, reply) => reply({ type: 'vocabFound', text: msg.text, words: findGalleryWords(retrieval().lexicalActive(), msg.text, msg.limit) }),
    wordImages: (msg, reply) => {
      const g = retrieval().lexicalActive();
      reply({ type: 'wordImaged', word: msg.word, text: g.words[msg.word] ?? `#${msg.word}`, hits: galleryWordImages(g, msg.word, msg.k) });
    },
  };
}
