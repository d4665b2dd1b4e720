"""Where annotkit keeps downloads and state on this machine (never in a repository)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$ANNOTKIT_CACHE``, else ``~/.cache/annotkit``."""
    root = os.environ.get("ANNOTKIT_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "annotkit"
