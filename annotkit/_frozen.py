"""An immutable, hashable mapping used for attributes and metadata."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

V = TypeVar("V")


class FrozenMap(Mapping[str, V]):
    """A read-only ``dict`` with sorted iteration, so equal maps print alike."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, V] | None = None, /) -> None:
        items = dict(data or {})
        for key in items:
            if not isinstance(key, str):
                raise TypeError(f"keys must be strings, not {type(key).__name__}: {key!r}")
        self._data: dict[str, V] = dict(sorted(items.items()))
        self._hash: int | None = None

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    # The Mapping mixins would go through __getitem__ and KeyError: answer directly.
    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def items(self) -> ItemsView[str, V]:
        return self._data.items()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def keys(self) -> KeysView[str]:
        return self._data.keys()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple((k, _hashable(v)) for k, v in self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def to_dict(self) -> dict[str, V]:
        """A mutable copy, for serialising."""
        return dict(self._data)


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def freeze(data: Mapping[str, Any] | None) -> FrozenMap[Any]:
    """Attrs converter: any mapping (or None) to a FrozenMap."""
    if isinstance(data, FrozenMap):
        return data
    return FrozenMap(data)
