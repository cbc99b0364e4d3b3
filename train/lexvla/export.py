"""Export a training run as a bundle (format v1) plus a parity golden.

  python3 -m lexvla.export --ckpt runs/NAME --out public/models/lexvla-tiny [--fp16] [--int8]

Writes into --out: manifest.json, vision.onnx (+ vision.int8.onnx with --int8), text.onnx, tokenizer.json,
vocab.json (lexical), words/ (dense: the text embedding of every vocabulary word, see word_table.py),
gallery/ (held-out 'test' scenes + precomputed vectors), eval/ (an eval-set folder); and
train/golden/<bundle name>/ (see golden.py)."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import torch
from torch import nn

from .data import make_scenes
from .factory import load_checkpoint
from .gallery import write_gallery
from .golden import write_golden
from .lexical import default_threshold
from .manifest import Dense, Lexical, onnx_text_spec, preprocess_spec, trained_on_spec, vision_spec, write_manifest
from .onnx_export import FP16_MIN_ELEMENTS, export_graphs, external_files, tensor_specs
from .quantize import int8_variant
from .tokenizer import DEFAULT_TOKENIZER_JSON
from .provenance import chained_commands, command_line, recorded_commit
from .vocab import REPO_ROOT
from .word_table import TOKEN_TEMPLATE, embed_in_batches, token_inputs, write_word_table

GOLDEN_ROOT = REPO_ROOT / "train" / "golden"
def notes(cfg) -> str:
    """What the model panel says about where a tiny bundle comes from (provenance.notes)."""
    grid = cfg.image_size // cfg.patch_size
    if cfg.backbone == "cnn":
        vision = (f"A small residual CNN ({cfg.image_size} px input, {grid} x {grid} patches), trained end to end, "
                  "stands in for DINOv2")
    else:
        vision = f"A tiny ViT ({cfg.image_size} px input, {grid} x {grid} patches) stands in for DINOv2"
    text = ("its text side is a caption's own words, weighted by rarity (function words dropped),"
            if cfg.text_word_weights else "a tiny text encoder with a random frozen codebook stands")
    return ("Trained by this repo on EmojiScenes only: synthetic scenes of Noto emoji (297 classes: animals, "
            "food, vehicles, objects, plants, weather) on textured backgrounds, captioned from their emoji names. "
            f"{vision}; {text} in place of Llama-2. It knows the 297 emoji classes, background colours and patterns; its words "
            "for real photos are not meaningful: it has only seen emoji scenes.")


def round_to_fp16(model: nn.Module) -> None:
    """Round the tensors that the fp16 export stores in half precision, so that the gallery,
    the golden and the ONNX graphs all come from the same weights."""
    with torch.no_grad():
        for tensor in list(model.parameters()) + list(model.buffers()):
            if tensor.is_floating_point() and tensor.numel() >= FP16_MIN_ELEMENTS:
                tensor.copy_(tensor.half().float())


def write_eval(held_out: List[Tuple[str, Any]], classes: List[str], out_dir: Path) -> Dict[str, Any]:
    """-> the evalset.json object written by data/emojiscenes (docs/eval-set-format.md)."""
    from emojiscenes.evalset import write_evalset

    return write_evalset([scene for _, scene in held_out], classes, out_dir)


def trained_words(model: nn.Module, size: int) -> Optional[List[int]]:
    """The vocabulary rows the tiny CLIP's text side was trained on: the words of the training
    captions that carry weight (the `word_weight` buffer, set from the pool as LexVLA's text side
    is; function words and one-character pieces weigh 0). None when the model has no such buffer.
    The other rows' token embeddings never received a gradient: their neighbours are noise, and
    LexVLA-tiny parks the same words, so neither side can say them."""
    w = getattr(model.text, "word_weight", None)
    if w is None or w.numel() != size or not bool((w > 0).any()):
        return None
    return torch.nonzero(w > 0).flatten().tolist()


def dense_word_table(model: nn.Module, vocab, tokenizer, out: Path) -> Dict[str, Any]:
    """The tiny CLIP's embedding of each word it was trained on (all vocabulary words if it has no
    record of them), each given as its own token after <s> (template "{token}": the text tower
    shares the vocabulary's tokenizer and rows), from the same (fp16-rounded) weights as text.onnx.
    -> manifest.wordEmbeddings."""
    keep = trained_words(model, vocab.size)
    words, token_ids, rule = vocab.words, vocab.token_ids, vocab.rule
    if keep is not None:
        words = [vocab.words[i] for i in keep]
        token_ids = [vocab.token_ids[i] for i in keep]
        rule = f"{vocab.rule}, training-caption words"
    rows = token_inputs([tokenizer.bos_id], token_ids, model.cfg.max_length)
    embeddings = embed_in_batches(lambda ids, mask: model.text(ids, mask), rows)
    return write_word_table(out, words, token_ids, rule, embeddings, TOKEN_TEMPLATE)


def export(ckpt: Path, out: Path, fp16: bool, gallery_count: int, eval_count: int,
           top_k: Optional[int] = None, golden_root: Optional[Path] = GOLDEN_ROOT, scenes=None, command: str = "", note: str = "",
           word_table: bool = True, int8: bool = False) -> Dict[str, Any]:
    model, config, vocab, tokenizer = load_checkpoint(ckpt)
    kind = config["kind"]
    cfg = model.cfg
    if fp16:
        round_to_fp16(model)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paths = export_graphs(model, kind, cfg.max_length, out, fp16, int8)
    specs = {name: tensor_specs(path) for name, path in paths.items()}
    shutil.copyfile(DEFAULT_TOKENIZER_JSON, out / "tokenizer.json")
    threshold = default_threshold(vocab.size)
    if kind == "lexical":
        (out / "vocab.json").write_text(json.dumps({"words": vocab.words, "tokenIds": vocab.token_ids},
                                                   ensure_ascii=False, separators=(",", ":")) + "\n")
    word_spec = dense_word_table(model, vocab, tokenizer, out) if kind == "dense" and word_table else None
    scenes = scenes if scenes is not None else make_scenes(0)
    held_out = [(f"test-{i:05d}", scenes.scene("test", i)) for i in range(max(gallery_count, eval_count, 1))]
    eval_spec, existing = None, None
    if eval_count > 0:
        doc = write_eval(held_out[:eval_count], list(scenes.classes), out / "eval")
        eval_spec = {"dir": "eval", "classes": len(doc["classes"]), "images": len(doc["items"])}
        if eval_count >= gallery_count:  # same 'test' scenes: the gallery points at eval's PNGs
            existing = [f"eval/{item['image']}" for item in doc["items"][:gallery_count]]
    if gallery_count > 0:  # --gallery 0: no gallery at all (the format has no empty gallery)
        write_gallery(model, tokenizer, held_out[:gallery_count], out, cfg.max_length, threshold,
                      top_k=top_k, existing=existing)
    name = out.name
    weights = "fp16" if fp16 else "fp32"
    metrics = {k: float(v) for k, v in config.get("metrics", {}).items()}
    provenance = {
        "trainedBy": "train/lexvla (this repo)",
        "data": f"EmojiScenes (data/emojiscenes), split 'train', seed 0; metrics on the first "
                f"{config.get('val_scenes', '?')} 'val' scenes; gallery/eval from split 'test'",
        "command": chained_commands(config.get("command", ""), command),
        "commit": recorded_commit(config.get("commit")), "date": config.get("date", ""),
        "metrics": metrics, "notes": (notes(cfg) + " " + note).strip(),
    }
    width = vocab.size if kind == "lexical" else cfg.clip_dim
    model_name = "LexVLA" if kind == "lexical" else "CLIP-style dense baseline"
    description = (f"{model_name}, {config.get('config_name', '?')} config, trained on EmojiScenes "
                   f"({config['train']['steps']} steps x batch {config['train']['batch']}); width {width}")
    v, t = specs["vision"], specs["text"]
    patch, text_out = ("patch_scores", "text_scores") if kind == "lexical" else ("patch_embeddings", "text_embedding")
    manifest = write_manifest(
        out, name=name, description=description,
        kind=Lexical(vocab.size, vocab.rule, threshold, top_k) if kind == "lexical" else Dense(cfg.clip_dim),
        preprocess=preprocess_spec(cfg.image_size, cfg.patch_size, config["preprocess"]["mean"],
                                   config["preprocess"]["std"]),
        vision=vision_spec(weights, v["pixel_values"], {"patch": v[patch], "global": v["global"]},
                           external_files(paths["vision"]), variants=[int8_variant()] if int8 else None),
        text=onnx_text_spec(weights, t["input_ids"], t["attention_mask"], t[text_out], cfg.max_length,
                            external_files(paths["text"])),
        provenance=provenance, gallery_size=gallery_count, eval_spec=eval_spec, word_embeddings=word_spec,
        trained_on=trained_on_spec("emojiscenes", (scenes.size, scenes.size), list(scenes.classes), list(scenes.emoji)))
    if golden_root is not None:
        golden_scene = held_out[0][1]
        write_golden(model, kind, tokenizer, golden_scene.image, list(golden_scene.captions[:3]) +
                     ["a dog"] * max(0, 3 - len(golden_scene.captions)), cfg.max_length,
                     golden_root / name, {"name": name, "weights": weights})
    return manifest


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description="Export a lexvla.train run as a bundle (format v1).")
    p.add_argument("--ckpt", type=Path, required=True, help="run folder with model.pt and config.json")
    p.add_argument("--out", type=Path, required=True, help="bundle folder; its name is the bundle name")
    p.add_argument("--fp16", action="store_true", help="store large weights as float16 (+ Cast)")
    p.add_argument("--gallery", type=int, default=100, help="held-out 'test' scenes in the gallery")
    p.add_argument("--eval", type=int, default=100, help="held-out 'test' scenes in eval/")
    p.add_argument("--top-k", type=int, default=None,
                   help="sparsify.topK (the paper's '512' variant); caps gallery vector size")
    p.add_argument("--int8", action="store_true",
                   help="also write vision.int8.onnx, the vision graph with int8 MatMuls (manifest vision.variants)")
    p.add_argument("--no-golden", action="store_true")
    p.add_argument("--note", default="", help="appended to provenance.notes (e.g. a known limitation)")
    p.add_argument("--no-word-table", action="store_true",
                   help="dense bundles: leave out words/ (the explorer then computes it with text.onnx)")
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    started = time.time()
    manifest = export(a.ckpt, a.out, a.fp16, a.gallery, a.eval, a.top_k, None if a.no_golden else GOLDEN_ROOT,
                      command=command_line("lexvla.export", argv), note=a.note, word_table=not a.no_word_table,
                      int8=a.int8)
    total = sum(f["bytes"] for f in manifest["files"])
    print(json.dumps({"out": str(a.out), "files": len(manifest["files"]), "bytes": total,
                      "seconds": round(time.time() - started, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
