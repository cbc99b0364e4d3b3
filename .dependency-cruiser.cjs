/**
 * The layers of src/ (README.md, "Layers"), checked by `npm run lint:layers` (scripts/test-all.sh
 * runs it in CI). Type-only imports count: a type imported upward ties two layers together as
 * surely as code does.
 */
const PURE = '^src/(bundle|composer|image|lexical|retrieval|util)/';
const APP = '^src/(worker|state|views|app)/';
/** The libraries that tie code to the browser page or the runtime, as dependency-cruiser resolves them. */
const UI_OR_RUNTIME = '^node_modules/(react|react-dom|zustand|onnxruntime-[a-z]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pure-imports-no-app-code',
      comment:
        'src/bundle, src/composer, src/image, src/lexical, src/retrieval and src/util are pure: Node (the CLI), the worker and the ' +
        'tests share them unchanged, so they import nothing from the worker, the store, the views or the app, nor the ' +
        'engine (src/model) and what is built on it (src/patchdis, src/eval).',
      severity: 'error',
      from: { path: PURE },
      to: { path: [APP, '^src/(model|patchdis|eval)/'] },
    },
    {
      name: 'pure-imports-no-ui-or-runtime',
      comment: 'Pure folders import neither React, zustand nor onnxruntime.',
      severity: 'error',
      from: { path: PURE },
      to: { path: UI_OR_RUNTIME },
    },
    {
      name: 'model-imports-no-worker',
      comment:
        'src/model is the engine that the worker and the CLI both drive: it knows nothing of the worker protocol, the ' +
        'store, the views or the app, nor of src/patchdis and src/eval, which are built on it. What they share with it ' +
        'lives in it or below it (src/lexical, src/bundle).',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: [APP, '^src/(patchdis|eval)/'] },
    },
    {
      name: 'views-import-no-worker',
      comment:
        'Views reach the worker only through the store (src/state); the types they show live in the layers below ' +
        '(src/lexical, src/model, src/bundle, src/retrieval).',
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: '^src/worker/' },
    },
    {
      name: 'only-state-imports-zustand',
      comment: 'The store is reached through src/state alone (its hooks), so it can change without touching the views.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/state/' },
      to: { path: '^node_modules/zustand/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved alone.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: ['^src/', UI_OR_RUNTIME],
    doNotFollow: { path: '^node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
