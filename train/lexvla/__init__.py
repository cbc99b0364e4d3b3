"""LexVLA training job: model, losses, data, export (the method: docs/method.md)."""
