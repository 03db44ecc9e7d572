"""Value classes written out instead of made by @dataclass, for the modules a cold draft imports.

Creating a dataclass compiles its generated methods from source text: about 1 ms a class, and
20–28 ms of a cold `python -m generator draft` for the 26 classes on its path (issue 15: a cold
draft must cost no more than a bare docxtpl script). A class here lists its fields in __slots__
(in the order its __init__ takes them; a slot named with a leading _ is a cache, not a field) and
writes its __init__ out; these bases give it the rest of what @dataclass gave: equality, repr and
pickling over the fields, and for a Record, a hash, replace() and no assignment after __init__.
Modules off the draft path keep @dataclass; tests/test_render.py checks that a cold draft creates none.
"""

from __future__ import annotations

from typing import Any


class Fields:
    """Equality, repr and pickling over the fields in __slots__, as @dataclass(eq=True) gives them."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable and equal by value, so unhashable (as with @dataclass)
    _field_names: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._field_names = tuple(name for name in cls.__dict__.get("__slots__", ()) if not name.startswith("_"))

    def _values(self) -> tuple:
        """Return the fields' values in the order __init__ takes them."""
        return tuple([getattr(self, name) for name in self._field_names])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._field_names)
        return f"{self.__class__.__qualname__}({shown})"

    def __reduce__(self) -> tuple:
        return self.__class__, self._values()  # its __init__ makes the caches again


class Record(Fields):
    """A read-only value: set once by its __init__ (with object.__setattr__), hashable, copied by replace()."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        from dataclasses import FrozenInstanceError  # the error @dataclass(frozen=True) raised; only a bug gets here

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def replace(self, **changes: Any) -> Any:
        """Return a copy with *changes* applied (as dataclasses.replace)."""
        return self.__class__(**{**dict(zip(self._field_names, self._values())), **changes})
