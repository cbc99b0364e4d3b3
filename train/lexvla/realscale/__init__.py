"""Real-scale LexVLA: frozen DINOv2 + Llama-2-7B with LoRA, trained with torchrun on image-text
shards, exported as bundle format v1 (docs/real-scale.md).

Modules that need `transformers`/`peft` (hf.py, model.py, train.py, export*.py, bench.py) import
them inside functions, so the pure parts (configs, params, prompt, shards, gather) run with only
PyTorch, as in this repository's CI."""
