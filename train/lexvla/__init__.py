"""LexVLA training job: model, losses, data, export (see /work/shared/LEXVLA.md)."""
