"""LexVLA training job: model, losses, data, export (the method: docs/method.md).

The modules by concern (flat on purpose: each name says what it holds, and scripts, docs and
the app's comments cite these paths):
  entry points  train (python -m lexvla.train), export (python -m lexvla.export)
  model         config, factory, lexvla, clip, backbone, cnn, layers, text, lexical
  data          data, pool, preprocess, tokenizer, vocab
  training      losses, optim, evaluate, provenance
  bundle        manifest, onnx_export, gallery, golden
  realscale/    the same method at paper scale (DINOv2 + Llama-2-7B, torchrun)"""
