"""The probe registry: every probe kind by name, so run logs and saved files can recreate it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from redhanded.errors import RedhandedError
from redhanded.probes.base import Probe

__all__ = ["PROBES", "make_probe", "probe_name", "register_probe"]

#: Probe classes by registered name (``"logistic"``, ``"mean-diff"``, ...).
PROBES: dict[str, type[Probe]] = {}

P = TypeVar("P", bound=type[Probe])


def register_probe(name: str) -> Callable[[P], P]:
    """Class decorator adding a probe class to :data:`PROBES` under ``name``.

    Raises:
        RedhandedError: if ``name`` is already registered.
    """

    def decorator(cls: P) -> P:
        if name in PROBES:
            raise RedhandedError(
                f"probe name {name!r} is already registered to {PROBES[name].__qualname__}: pick another name"
            )
        PROBES[name] = cls
        return cls

    return decorator


def make_probe(name: str, **params: Any) -> Probe:
    """Build an unfitted probe by registered name, e.g. ``make_probe("logistic", C=1.0)``.

    Raises:
        RedhandedError: if ``name`` is not registered (the message lists the known names) or a
            parameter is not one the probe takes.
    """
    try:
        cls = PROBES[name]
    except KeyError:
        raise RedhandedError(f"unknown probe {name!r}: choose one of {', '.join(sorted(PROBES))}") from None
    known = cls._get_param_names()
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise RedhandedError(
            f"unknown parameter(s) {', '.join(unknown)} for probe {name!r}: it takes {', '.join(known)}"
        )
    return cls(**params)


def probe_name(probe: Probe) -> str:
    """Return the registered name of ``probe``'s class.

    Raises:
        RedhandedError: if the class is not registered.
    """
    for name, cls in PROBES.items():
        if type(probe) is cls:
            return name
    raise RedhandedError(
        f"{type(probe).__qualname__} is not a registered probe: decorate it with @register_probe(name)"
    )
