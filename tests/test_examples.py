"""Every example script runs as written (the Label Studio one runs in tests/studio)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))
NEEDS_SERVER = {"04_label_studio.py"}


@pytest.mark.parametrize("script", [p for p in EXAMPLES if p.name not in NEEDS_SERVER],
                         ids=lambda p: p.name)
def test_example_runs(script: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
