"""The public API is exactly what annotkit/__init__.py lists, sorted."""

import annotkit


def test_all_is_sorted_and_complete() -> None:
    assert annotkit.__all__ == sorted(annotkit.__all__)
    for name in annotkit.__all__:
        assert hasattr(annotkit, name), name


def test_every_public_error_inherits_the_base() -> None:
    errors = [getattr(annotkit, n) for n in annotkit.__all__ if n.endswith("Error")]
    for error in errors:
        assert issubclass(error, annotkit.AnnotkitError)


def test_importing_annotkit_does_not_load_lxml_or_the_sdk() -> None:
    import subprocess
    import sys

    code = ("import sys, annotkit; "
            "print(sorted(m for m in ('lxml', 'label_studio_sdk') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
