"""Resources of one pytest-xdist worker (`make test` runs the suite in several processes):
each worker has databases of its own; servers take free ports; files go under the
worker's own temporary directory (tmp_path_factory is per worker already)."""

from __future__ import annotations

import os

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from app.db import make_engine


def pg_admin(url: str) -> Engine:
    """An autocommit engine on the server's maintenance database (CREATE DATABASE)."""
    admin_url = make_url(url).set(database="postgres")
    return make_engine(admin_url.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT")


def xdist_worker() -> str:
    """This pytest-xdist worker's name (gw0, gw1, ...), or "" in a run without workers."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def per_worker_pg(pg_url: str) -> str:
    """`pg_url` itself without xdist; under it, a database of this worker's beside it
    (`<name>_gw0`, created if missing), so workers never share a schema."""
    worker = xdist_worker()
    if not worker:
        return pg_url
    url = make_url(pg_url)
    name = f"{url.database}_{worker}"
    admin = pg_admin(pg_url)
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
