"""A real Label Studio for the sync tests: one per session, own venv, temporary data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotkit._cache import cache_dir
from annotkit.studio.client import Studio
from annotkit.studio.server import (
    LABEL_STUDIO_VERSION,
    Credentials,
    LocalServer,
    free_port,
)


@pytest.fixture(scope="session")
def ls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A running Label Studio on a free port of 127.0.0.1, stopped after the session."""
    server = LocalServer(
        tmp_path_factory.mktemp("studio"),
        venv=cache_dir() / f"ls-venv-{LABEL_STUDIO_VERSION}",
        data=tmp_path_factory.mktemp("ls-data"),
        port=free_port(),
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def ls_credentials(ls_server: LocalServer) -> Credentials:
    credentials = ls_server.credentials()
    assert credentials is not None
    return credentials


@pytest.fixture
def studio(ls_server: LocalServer, ls_credentials: Credentials) -> Iterator[Studio]:
    """A connection to the session's server (started again if a test stopped it)."""
    ls_server.start()
    with Studio(ls_credentials.url, ls_credentials.token, retry_for=30.0) as connection:
        yield connection
