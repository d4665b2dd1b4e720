"""Hatchling build hook: compile annotkit's optional C scanner in place.

The extension (``annotkit/preannotate/_scan.c``) speeds up pre-annotation; the
pure-Python engine gives the same results when it is missing. A failed compile
is a warning, unless ``ANNOTKIT_REQUIRE_EXT=1`` (the Makefile sets it) makes it
an error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = "annotkit/preannotate/_scan.c"


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        try:
            self._compile(root)
        except Exception as error:  # a missing compiler shows up as many error types
            if os.environ.get("ANNOTKIT_REQUIRE_EXT") == "1":
                raise
            print(f"annotkit: C scanner not built ({error}); using the pure-Python engine",
                  file=sys.stderr)
            return
        # The compiled file is ignored by git, so name it as an artifact to ship it.
        build_data["artifacts"].append("annotkit/preannotate/_scan*.so")
        build_data["artifacts"].append("annotkit/preannotate/_scan*.pyd")
        if version != "editable":
            build_data["pure_python"] = False
            build_data["infer_tag"] = True

    def _compile(self, root: Path) -> None:
        from setuptools import Distribution, Extension
        from setuptools.command.build_ext import build_ext

        extension = Extension(
            "annotkit.preannotate._scan",
            [SOURCE],
            extra_compile_args=["-O2"] if os.name != "nt" else [],
        )
        cwd = os.getcwd()
        os.chdir(root)
        try:
            distribution = Distribution({"name": "annotkit", "ext_modules": [extension]})
            command = build_ext(distribution)
            command.inplace = True
            command.build_temp = str(root / "build" / "temp")
            command.ensure_finalized()
            command.run()
        finally:
            os.chdir(cwd)
