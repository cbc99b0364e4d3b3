"""Model and training configurations. Presets: "micro" (tests, seconds on CPU) and "tiny" (the
shipped models). Every choice here is ours: the paper publishes none at this scale."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Optional, Tuple


@dataclass
class ModelConfig:
    image_size: int = 224
    patch_size: int = 14  # DINOv2's patch: 224 px -> a 16 x 16 grid
    width: int = 192  # ViT width d
    depth: int = 4
    heads: int = 3
    codebook_dim: int = 128  # Dc: stands in for Llama-2's 4096
    text_layers: int = 2
    text_heads: int = 4
    max_length: int = 32  # L: text tokens incl. BOS, padded
    clip_dim: int = 256  # joint-space width D of the dense CLIP baseline
    # Strength of the shared direction in the random frozen text codebook (see text.py).
    codebook_mean: float = 0.5
    codebook_seed: int = 1234
    # Grounded text read-out (see text.py): the caption's own words start far above the rest, so
    # text vectors are sparse and about the caption from step 0, as an LLM's lexical prediction is.
    # False keeps the first read-out (mean skip, no scale), which trained to flat, dense vectors.
    grounded_text: bool = False
    text_logit_scale: float = 10.0
    text_logit_bias: float = -4.0
    # "vit" (TinyViT, backbone.py) or "cnn" (TinyCNN, cnn.py: widths per stage, residual blocks each).
    backbone: str = "vit"
    cnn_widths: Tuple[int, ...] = (32, 64, 128)
    cnn_blocks: int = 1
    # Kernel size of each stage's residual convolutions (None: 3 everywhere). A 1 in the last
    # stage keeps each patch's receptive field near its own pixels, so its words cannot come from
    # neighbouring objects (docs/training.md, "receptive field").
    cnn_kernels: Optional[Tuple[int, ...]] = None
    # Mapper bias (LexVLA: none). 0.0: logits = q Z_img^T, as in the paper. Otherwise a learned
    # per-word bias starting at this value; words outside the training captions keep a zero Z_img
    # row and this bias, so they stay inactive for every image (docs/training.md, "vocabulary").
    mapper_bias: float = 0.0
    # The adapter's self-attention (LexVLA: one layer over all patches). False: MLP only, so a
    # patch's words come from its own receptive field and cannot be borrowed from elsewhere.
    adapter_attention: bool = True
    # Grounded text read-out: weight each caption word's copy term by a stored per-word weight
    # (IDF over the training captions; 0 for function words). False: every word weighs 1.
    text_word_weights: bool = False

    @property
    def grid(self) -> int:
        return self.image_size // self.patch_size


@dataclass
class TrainConfig:
    model: str = "lexvla"  # "lexvla" | "clip"
    penalty: str = "overuse"  # "overuse" | "flops" | "none"
    steps: int = 1000
    batch: int = 64
    lr: float = 1e-3
    weight_decay: float = 0.05
    warmup: int = 100
    # l_I, l_T: the paper does not publish its values. The shipped tiny recipe passes 0.1 / 0.01
    # (train/scripts/train_tiny.sh; docs/training.md says why).
    lambda_img: float = 1.0
    lambda_txt: float = 1.0
    # The penalties are ramped in quadratically over this fraction of training (SPLADE-style,
    # inferred): early on they would otherwise flatten the vectors before alignment forms.
    penalty_ramp: float = 0.5
    train_scenes: int = 100_000  # distinct training scenes before they repeat
    val_scenes: int = 256
    log_every: int = 50
    val_every: int = 250
    workers: int = 2
    time_limit: float = 0.0  # seconds; 0 = run all steps
    # > 0: each step scores only the batch's caption words plus this many random words (a sampled
    # vocabulary, as in sampled softmax) -- 256 x V mapper logits per image are what make CPU
    # training slow; the model, its export and its evaluation are unchanged.
    vocab_sample: int = 0
    init_backbone: str = ""  # run folder whose backbone.* weights initialise the vision backbone
    freeze_backbone: bool = False  # keep the backbone fixed (LexVLA freezes DINOv2)
    # Keep the LexVLA text side at its initialisation. With the grounded read-out that is "a caption's
    # own words" (the copy term), the tiny stand-in for an LLM's lexical prediction: trained, the
    # read-out over a random codebook drifted to words shared by every caption (docs/training.md).
    freeze_text: bool = False
    # > 0: train from a pool of this many pre-generated 'train' scenes (pool.py) instead of
    # generating scenes in DataLoader workers; the pool holds every caption of each scene.
    pool: int = 0
    # "caption": one random caption per image (CLIP's recipe). "scene" (pool only): the text
    # vector of an image is the normalised sum of all its captions' (lexical; dense: the mean).
    # "captions" (pool, dense): every caption is its own text, a positive of its image
    # (losses.multi_positive_nce): CLIP trained on all captions at once.
    text_target: str = "caption"
    # "sample": each step scores the batch's caption words plus vocab_sample random words.
    # "captions" (pool only): the image side scores exactly the words of the pool's captions
    # (text weight > 0) at every step; every other word is parked: a zero Z_img row and the bias
    # ModelConfig.mapper_bias, the same small value for any image (train.parked_floor).
    train_words: str = "sample"
    flip: bool = True  # pool only: horizontal flips with "left"/"right" swapped in the captions
    l1_img: float = 0.0  # weight of mean L1 of the L2-normalised global image vectors
    patch_penalty: float = 0.0  # weight of the overuse penalty over all patches' normalised vectors
    l1_patch: float = 0.0  # weight of mean L1 of the L2-normalised patch vectors (per-patch sparsity)
    off_text: float = 0.0  # weight of each patch's normalised mass on words absent from its image's text
    # Text-side word weights (pool.word_weights): "idf" (rarer words weigh more), "idf2" (its
    # square) or "plain" (every weighted word 1; function words and one-character pieces still 0).
    word_weighting: str = "idf"
    # Weight of a per-word binary cross-entropy on each image's max-pooled patch logits, target:
    # the word is in the image's text (train.pair_vectors). 0 = LexVLA's contrastive loss only.
    word_bce: float = 0.0
    # Weight of a per-patch "no" for every scored word the image's text lacks: softplus(logit -
    # (mapper_bias - absent_margin)), summed over those words, averaged over patches. It asks every
    # patch, not only the strongest, to hold an absent word below the parked words' level, where
    # normalisation leaves it under 1/sqrt(V) (train.pair_vectors). 0 = off.
    absent_patch: float = 0.0
    absent_margin: float = 1.0
    ckpt_every: int = 0  # steps between resumable checkpoints (checkpoint.pt); 0 = none
    seed: int = 0
    device: str = "cpu"
    model_config: ModelConfig = field(default_factory=ModelConfig)

    def to_json(self) -> Dict[str, Any]:
        return asdict(self)


PRESETS: Dict[str, ModelConfig] = {
    "micro": ModelConfig(width=48, depth=1, heads=2, codebook_dim=32, text_layers=1, text_heads=2,
                         max_length=16, clip_dim=32),
    # 112 px (an 8 x 8 grid of 14 px patches), not DINOv2's 224 px: on the 2-core CPU a batch of
    # 64 takes 5.6 s per step at 224 px and 1.9 s at 112 px (train/scripts/step_time.py), and the tiny
    # models must train there in under an hour. The bundle's preprocess spec carries the size, so
    # the app and the CLI resize any image to it; a real-scale bundle keeps 224 px / 16 x 16.
    "tiny": ModelConfig(image_size=112),
    # The shipped LexVLA-tiny: paired with a frozen, separately trained backbone (--init-backbone),
    # as LexVLA pairs a frozen DINOv2 with a trained adapter, mapper and codebook.
    "tiny-grounded": ModelConfig(image_size=112, codebook_mean=0.0, grounded_text=True),
    # The shipped tiny models: a residual CNN trained end to end, 128 px, patch 16 -> an 8 x 8 grid
    # (a 14 x 14 grid at 112 px costs 3x the CPU time per image: docs/training.md).
    "tiny-cnn": ModelConfig(image_size=128, patch_size=16, backbone="cnn", cnn_widths=(32, 64, 128),
                            cnn_blocks=1, codebook_dim=128, codebook_mean=0.0, grounded_text=True,
                            mapper_bias=-6.0, text_word_weights=True, width=128, heads=4,
                            adapter_attention=False),
}


def model_config_from_json(data: Dict[str, Any]) -> ModelConfig:
    data = dict(data)
    for key in ("cnn_widths", "cnn_kernels"):
        if data.get(key) is not None:
            data[key] = tuple(data[key])
    return ModelConfig(**data)
