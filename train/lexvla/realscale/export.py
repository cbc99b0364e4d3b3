"""Export a real-scale run as a lexical bundle (format v1).

  python3 -m lexvla.realscale.export --run runs/lexvla-base --out public/models/lexvla-base \
      [--fp16] [--topk 64] [--classes coco,ade20k] [--gallery-shards /data/val --gallery 200]

vision.onnx = DINOv2 + adapter + mapper (Z_img, V x 4096) at 1 x 3 x 224 x 224; text mode
'precomputed' (the 7B encoder stays on the GPU): texts.json holds class names and gallery
captions with their vectors; tokenizer.json serves the explorer's free-text lookup."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import torch

from ..lexical import default_threshold
from ..manifest import Lexical, vision_spec, write_manifest
from ..provenance import chained_commands, command_line, recorded_commit
from ..tokenizer import DEFAULT_TOKENIZER_JSON
from ..vocab import Vocabulary, resolve_repo_path
from . import hf
from .bundle import (VISION_OUTPUTS, VisionScores, VisionTopK, encode_texts, gallery_from_shards, vectors_json,
                     write_json)
from .classes import class_texts
from .configs import config_from_json
from .loader import image_spec
from .model import build_model, load_trainable
from .onnx_io import export_graph, tensor_specs
from .shards import list_shards


def export_vision(model, out: Path, image_size: int, fp16: bool, topk: Optional[int],
                  force_external: bool = False) -> Dict[str, Any]:
    """Write vision.onnx (+ .data) from model.vision on the CPU in float32; -> manifest 'vision'."""
    vision = model.vision.cpu().float().eval()
    hf.set_attention(vision.backbone.dino, "eager")
    graph = VisionTopK(vision, topk) if topk else VisionScores(vision)
    names = VISION_OUTPUTS["topk" if topk else "full"]
    pixels = torch.zeros(1, 3, image_size, image_size)
    external = export_graph(graph, (pixels,), out / "vision.onnx", ["pixel_values"], names, fp16, force_external)
    specs = tensor_specs(out / "vision.onnx")
    outputs: Dict[str, Any] = {"global": specs["global"]}
    if topk:
        outputs["patchTopK"] = {"values": specs[names[0]], "indices": specs[names[1]], "k": topk}
    else:
        outputs["patch"] = specs["patch_scores"]
    return vision_spec("fp16" if fp16 else "fp32", specs["pixel_values"], outputs, external)


def export(run: Path, out: Path, fp16: bool, topk: Optional[int], classes: List[str],
           gallery_shards: Optional[str], gallery: int, device: torch.device, command: str = "") -> Dict[str, Any]:
    info = json.loads((run / "config.json").read_text())
    cfg = config_from_json(info["realscale"])
    vocab = Vocabulary.load(resolve_repo_path(info["vocab"]["path"]))
    ckpt = torch.load(run / "checkpoint.pt", map_location="cpu")
    model = build_model(cfg, vocab, device, info.get("vision_path"), info.get("llm_path"))
    load_trainable(model, ckpt["params"])
    model.eval()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    threshold = default_threshold(vocab.size)
    tok = hf.load_prompt_tokenizer(info.get("llm_path"))
    items = gallery_from_shards(model, list_shards(gallery_shards), gallery, out, device, cfg.image_size) \
        if gallery_shards and gallery > 0 else []
    captions = [c for item in items for c in item["captions"]]
    texts = class_texts(classes)
    vectors = encode_texts(model, tok, texts + captions, cfg.max_caption_tokens, device)
    write_json(out / "texts.json", {"texts": texts + captions, "vectors": vectors_json(vectors, threshold, None)})
    if items:
        write_json(out / "gallery" / "index.json", {
            "format": "lexvla-gallery", "version": 1,
            "items": [{k: v for k, v in item.items() if k != "_vector"} for item in items],
            "imageVectors": vectors_json(torch.stack([i["_vector"] for i in items]), threshold, None),
            "captionVectors": vectors_json(vectors[len(texts):], threshold, None)})
    model.text = None  # free the LLM before the CPU export of the vision graph
    if device.type == "cuda":
        torch.cuda.empty_cache()
    vision = export_vision(model, out, cfg.image_size, fp16, topk)
    write_json(out / "vocab.json", {"words": vocab.words, "tokenIds": vocab.token_ids})
    shutil.copyfile(DEFAULT_TOKENIZER_JSON, out / "tokenizer.json")
    backbones = "random weights (--random-init)" if info.get("random_init") else \
        f"{info.get('vision_path')} + {info.get('llm_path')}"
    provenance = {"trainedBy": "train/lexvla/realscale (this repo)", "data": f"shards: see {run}/config.json",
                  "command": chained_commands(info.get("command", ""), command),
                  "commit": recorded_commit(info.get("commit")), "date": time.strftime("%Y-%m-%d"),
                  "notes": f"Backbones: {backbones}. Trained {ckpt['step']} steps. Text vectors precomputed "
                           "by Llama-2 + LoRA; free text falls back to vocabulary lookup."}
    return write_manifest(
        out, name=out.name, description=f"LexVLA {cfg.vision} + {cfg.llm} (LoRA r={cfg.lora.r}), V={vocab.size}",
        kind=Lexical(vocab.size, vocab.rule, threshold), preprocess=image_spec(cfg.image_size, cfg.patch_size),
        vision=vision, text={"mode": "precomputed", "file": "texts.json", "tokenizer": "tokenizer.json"},
        provenance=provenance, gallery_size=len(items))


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description="Export a lexvla.realscale.train run as a bundle (format v1).")
    p.add_argument("--run", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--fp16", action="store_true", help="store weights as float16 (computation stays float32)")
    p.add_argument("--topk", type=int, help="on-graph top-k per patch instead of all V scores")
    p.add_argument("--classes", default="coco,ade20k")
    p.add_argument("--gallery-shards", help="img2dataset shards for the gallery (e.g. a validation split)")
    p.add_argument("--gallery", type=int, default=100)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = p.parse_args(argv)
    started = time.time()
    manifest = export(a.run, a.out, a.fp16, a.topk, [c for c in a.classes.split(",") if c], a.gallery_shards,
                      a.gallery, torch.device(a.device), command_line("lexvla.realscale.export", argv))
    print(json.dumps({"out": str(a.out), "bytes": sum(f["bytes"] for f in manifest["files"]),
                      "seconds": round(time.time() - started, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
