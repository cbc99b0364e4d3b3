"""Export a Hugging Face CLIP as a DENSE bundle (format v1): the baseline the paper compares.

  python3 -m lexvla.realscale.export_clip --clip-path /models/clip-vit-base-patch16 --out public/models/clip-b16
  python3 -m lexvla.realscale.export_clip --random tiny --out /tmp/clip-test     # tests, no weights

Patch embeddings: every patch token through post_layernorm + visual_projection into the joint
space, L2-normalised (the MaskCLIP-style reading without its value-path trick); global: CLIP's
image embedding. Text: the text tower as ONNX (ids + mask, 77 tokens) with the checkpoint's
tokenizer.json when the folder has one (random configs use the repo's tokenizer.json).
Words (manifest wordEmbeddings, lexvla.word_table): the text tower's embedding of every word of
LexVLA's vocabulary (--word-vocab), each through --word-template ("a photo of a {word}", CLIP's
own prompt), so the explorer can read CLIP's patches as their nearest words on LexVLA's vocabulary."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import torch
from torch import Tensor, nn

from ..lexical import l2norm
from ..manifest import Dense, onnx_text_spec, preprocess_spec, vision_spec, write_manifest
from ..onnx_export import FP16_MIN_ELEMENTS
from ..provenance import command_line, git_commit
from ..tokenizer import DEFAULT_TOKENIZER_JSON
from ..vocab import DEFAULT_VOCAB, Vocabulary
from ..word_table import embed_in_batches, text_inputs, write_word_table
from . import hf
from .onnx_io import export_graph, tensor_specs

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
WORD_TEMPLATE = "a photo of a {word}"
RANDOM_SHAPES = {  # (vision width, layers, heads, patch, text width, layers, heads, projection)
    "tiny": (64, 2, 2, 16, 64, 2, 2, 32),
    "base-patch16": (768, 12, 12, 16, 512, 12, 8, 512),
}


class ClipVisionGraph(nn.Module):
    def __init__(self, clip: nn.Module) -> None:
        super().__init__()
        self.vision_model, self.proj = clip.vision_model, clip.visual_projection

    def forward(self, pixel_values: Tensor):
        out = self.vision_model(pixel_values=pixel_values)
        patches = self.proj(self.vision_model.post_layernorm(out[0][:, 1:]))  # [1, N, D]
        return l2norm(patches), l2norm(self.proj(out[1]))  # patch [1, N, D], global [1, D]


class ClipTextGraph(nn.Module):
    def __init__(self, clip: nn.Module) -> None:
        super().__init__()
        self.text_model, self.proj = clip.text_model, clip.text_projection

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        pooled = self.text_model(input_ids=input_ids, attention_mask=attention_mask)[1]
        return l2norm(self.proj(pooled))  # [1, D]


def build_clip(path: Optional[str], random: Optional[str]) -> nn.Module:
    tf = hf.transformers()
    if path:
        return tf.CLIPModel.from_pretrained(path).float().eval()
    vw, vl, vh, patch, tw, tl, th, proj = RANDOM_SHAPES[random or "tiny"]
    config = tf.CLIPConfig(
        vision_config={"hidden_size": vw, "num_hidden_layers": vl, "num_attention_heads": vh,
                       "intermediate_size": 4 * vw, "patch_size": patch, "image_size": 224},
        text_config={"hidden_size": tw, "num_hidden_layers": tl, "num_attention_heads": th,
                     "intermediate_size": 4 * tw, "vocab_size": 32000, "max_position_embeddings": 77},
        projection_dim=proj)
    torch.manual_seed(0)
    return tf.CLIPModel(config).eval()


@torch.no_grad()
def round_text_to_fp16(clip: nn.Module) -> None:
    """Rounds, in place, the text tower's tensors that an fp16 export stores as float16, so the
    word table comes from text.onnx's own weights (call after the graphs are exported)."""
    for t in list(clip.text_model.parameters()) + list(clip.text_projection.parameters()):
        if t.is_floating_point() and t.numel() >= FP16_MIN_ELEMENTS:
            t.copy_(t.half().float())


def clip_word_table(clip: nn.Module, out: Path, tokenizer: Path, vocab: Vocabulary, template: str, length: int) -> Dict[str, Any]:
    """Every vocabulary word through the template and CLIP's tokenizer (as the explorer tokenises
    a query), then the text tower. -> manifest.wordEmbeddings."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer))
    rows = text_inputs(lambda text: tok.encode(text).ids, template, vocab.words, length)
    embeddings = embed_in_batches(ClipTextGraph(clip), rows)
    return write_word_table(out, vocab.words, vocab.token_ids, vocab.rule, embeddings, template)


def export_clip(clip: nn.Module, out: Path, fp16: bool, tokenizer: Path, command: str,
                word_vocab: Optional[Path] = DEFAULT_VOCAB, word_template: str = WORD_TEMPLATE) -> Dict[str, Any]:
    """word_vocab None: no word table (the explorer can compute one with text.onnx)."""
    hf.set_attention(clip, "eager")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    size, patch = clip.config.vision_config.image_size, clip.config.vision_config.patch_size
    length = clip.config.text_config.max_position_embeddings
    weights = "fp16" if fp16 else "fp32"
    ext_v = export_graph(ClipVisionGraph(clip), (torch.zeros(1, 3, size, size),), out / "vision.onnx",
                         ["pixel_values"], ["patch_embeddings", "global"], fp16)
    ids = torch.zeros(1, length, dtype=torch.long)
    mask = torch.ones(1, length, dtype=torch.long)
    ext_t = export_graph(ClipTextGraph(clip), (ids, mask), out / "text.onnx", ["input_ids", "attention_mask"],
                         ["text_embedding"], fp16)
    shutil.copyfile(tokenizer, out / "tokenizer.json")
    words = None
    if word_vocab is not None:
        if fp16:
            round_text_to_fp16(clip)
        words = clip_word_table(clip, out, tokenizer, Vocabulary.load(word_vocab), word_template, length)
    v, t = tensor_specs(out / "vision.onnx"), tensor_specs(out / "text.onnx")
    grid = size // patch
    return write_manifest(
        out, name=out.name,
        description=f"CLIP ViT (patch {patch}, {grid}x{grid} patches) as a dense baseline; patch tokens "
                    "projected into the joint space (MaskCLIP-style)",
        kind=Dense(int(clip.config.projection_dim)),
        # CLIP resizes bicubic; the format offers bilinear, a small difference.
        preprocess=preprocess_spec(size, patch, CLIP_MEAN, CLIP_STD),
        vision=vision_spec(weights, v["pixel_values"], {"patch": v["patch_embeddings"], "global": v["global"]}, ext_v),
        text=onnx_text_spec(weights, t["input_ids"], t["attention_mask"], t["text_embedding"], length, ext_t),
        provenance={"trainedBy": "OpenAI CLIP via Hugging Face transformers (exported by this repo)",
                    "data": "CLIP's own (WIT-400M)", "command": command, "commit": git_commit(),
                    "date": time.strftime("%Y-%m-%d")},
        word_embeddings=words)


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description="Export a Hugging Face CLIP as a dense bundle.")
    p.add_argument("--clip-path", help="local folder of e.g. openai/clip-vit-base-patch16")
    p.add_argument("--random", choices=sorted(RANDOM_SHAPES), help="random weights of these shapes (tests)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--fp16", action="store_true")
    p.add_argument("--word-vocab", type=Path, default=DEFAULT_VOCAB,
                   help="vocabulary JSON whose words get a text embedding each (default: LexVLA's, %(default)s)")
    p.add_argument("--word-template", default=WORD_TEMPLATE, help='text per word, "{word}" where it goes (default: %(default)r)')
    p.add_argument("--no-word-table", action="store_true", help="leave out words/ (the explorer then computes it with text.onnx)")
    a = p.parse_args(argv)
    if not a.clip_path and not a.random:
        p.error("give --clip-path (a local checkpoint folder) or --random tiny|base-patch16")
    tokenizer = DEFAULT_TOKENIZER_JSON  # random weights: any 32,000-token tokenizer will do
    if a.clip_path:
        tokenizer = Path(a.clip_path) / "tokenizer.json"
        if not tokenizer.exists():
            p.error(f"{tokenizer}: missing; the text graph needs CLIP's own tokenizer.json beside the weights")
    manifest = export_clip(build_clip(a.clip_path, a.random), a.out, a.fp16, tokenizer,
                           command_line("lexvla.realscale.export_clip", argv),
                           word_vocab=None if a.no_word_table else a.word_vocab, word_template=a.word_template)
    print(json.dumps({"out": str(a.out), "bytes": sum(f["bytes"] for f in manifest["files"]),
                      "tokenizer": str(tokenizer)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
