"""What a run or an export records about where it came from: the commit and the command line.
Training runs write them into config.json; exports carry them on into manifest.provenance."""
from __future__ import annotations

import subprocess
from typing import Optional, Sequence

from .vocab import REPO_ROOT


def git_commit() -> str:
    """HEAD of this repository, or "unknown" outside a git checkout (e.g. a copied-out job)."""
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def recorded_commit(recorded: Optional[str]) -> str:
    """The commit a run recorded when it knew one, else this checkout's: an export names the code
    that trained the weights where it can."""
    return recorded if recorded and recorded != "unknown" else git_commit()


def command_line(module: str, argv: Sequence[str]) -> str:
    """How to repeat this invocation: "python3 -m MODULE ARGS"."""
    return f"python3 -m {module} " + " ".join(argv)


def chained_commands(*commands: str) -> str:
    """Training then export, as one shell line ("A  &&  B"); empty parts left out."""
    return "  &&  ".join(c.strip() for c in commands if c.strip())
