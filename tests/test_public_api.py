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
