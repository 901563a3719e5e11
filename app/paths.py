"""Where the templates and migrations are, from a checkout or from an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent


def _first(*candidates: Path) -> Path:
    for path in candidates:
        if path.exists():
            return path
    raise FileNotFoundError(f"none of {', '.join(map(str, candidates))} exists")


def templates_dir() -> Path:
    return _first(_BUNDLED / "templates", _CHECKOUT / "templates")


def alembic_dir() -> Path:
    return _first(_BUNDLED / "alembic", _CHECKOUT / "alembic")


def alembic_ini() -> Path:
    return _first(_BUNDLED / "alembic.ini", _CHECKOUT / "alembic.ini")


STATIC_DIR = _PACKAGE / "static"
