"""The app's Qdrant export, loaded into Qdrant's own engine (qdrant-client's local mode, which
stores and searches sparse vectors in process): every caption of the shipped default's gallery,
encoded by `lexvla search` (the app's text side and exact index), must rank the gallery in
Qdrant exactly as the app ranks it, with the same scores to float32 precision."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from qdrant_client import QdrantClient, models

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "public" / "models" / "lexvla-tiny"


def node(*args: str) -> str:
    exe = shutil.which("node")
    assert exe, "node is needed to run the app's CLI (cli/bin.mjs)"
    r = subprocess.run([exe, "cli/bin.mjs", *args], cwd=REPO, capture_output=True, text=True,
                       env={"PATH": str(Path(exe).parent), "ONNXRUNTIME_NODE_INSTALL": "skip"})
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    out = tmp_path_factory.mktemp("qdrant") / "gallery.jsonl"
    node("export-index", str(BUNDLE), "gallery", "--format", "qdrant", "--out", str(out))
    setup = json.loads(Path(f"{out}.setup.json").read_text())
    points = [json.loads(line) for line in out.read_text().splitlines() if line]
    client = QdrantClient(":memory:")
    client.create_collection("lexvla", vectors_config={},
                             sparse_vectors_config={name: models.SparseVectorParams(**cfg)
                                                    for name, cfg in setup["sparse_vectors"].items()})
    client.upsert("lexvla", points=[models.PointStruct(
        id=p["id"], payload=p["payload"],
        vector={name: models.SparseVector(**v) for name, v in p["vector"].items()}) for p in points])
    return client, points


def test_the_export_loads_with_stable_ids(collection) -> None:
    client, points = collection
    assert client.count("lexvla").count == len(points) == 20
    assert len({p["id"] for p in points}) == len(points)  # ids from item ids: no overwrite


@pytest.mark.parametrize("caption_index", range(0, 20, 4))
def test_qdrant_ranks_like_the_app(collection, caption_index) -> None:
    client, points = collection
    text = points[caption_index]["payload"]["captions"][0]
    app = json.loads(node("search", str(BUNDLE), text, "--top", "20", "--json"))
    q = models.SparseVector(indices=app["query"]["indices"], values=app["query"]["values"])
    hits = client.query_points("lexvla", query=q, using="lexical", limit=20, with_payload=True).points
    scored = [h for h in app["hits"] if h["score"] > 0]  # Qdrant returns only images sharing a word
    assert [h.payload["id"] for h in hits[:len(scored)]] == [h["id"] for h in scored]
    for got, want in zip(hits, scored):
        assert got.score == pytest.approx(want["score"], rel=1e-5, abs=1e-7)
