"""The committed exports of the seeds are what `make run` writes today."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_committed_exports_are_current(tmp_path: Path) -> None:
    annotkit = Path(sys.executable).with_name("annotkit")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "make-exports.sh"), str(tmp_path)],
        env={**os.environ, "ANNOTKIT": str(annotkit)}, capture_output=True, text=True,
        timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in (ROOT / "exports").iterdir() if p.is_file())
    assert written == committed
    stale = [name for name in written
             if (tmp_path / name).read_bytes() != (ROOT / "exports" / name).read_bytes()]
    assert not stale, f"run `make exports` and commit: {stale} changed"
