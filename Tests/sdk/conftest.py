"""Shared set-up for the SDK tier: MeshAgent's own client against the embedded accounts API.

scripts/sdk-tests.sh starts `grantdesk accounts-server --seed-demo` on a free port and passes
its URL and bearer token in GRANTDESK_SDK_URL / GRANTDESK_SDK_TOKEN.
"""

import asyncio
import os
import uuid

import pytest
from meshagent.api import Meshagent

PROJECT = "default"


@pytest.fixture(scope="session")
def server():
    url = os.environ.get("GRANTDESK_SDK_URL")
    token = os.environ.get("GRANTDESK_SDK_TOKEN")
    if not url or not token:
        pytest.fail("GRANTDESK_SDK_URL and GRANTDESK_SDK_TOKEN are unset: run scripts/sdk-tests.sh")
    return url, token


@pytest.fixture(scope="session")
def sdk(server):
    """Runs `body(client)` on one `Meshagent` client for the whole session and returns its result.

    The client (an aiohttp session, with its kept-alive connections) lives in one event loop
    that every call reuses: a fresh loop and client per call costs ~0.1 s. With
    `token_override`, a separate client carrying that token is used for the one call.
    """
    url, token = server
    loop = asyncio.new_event_loop()

    async def make(bearer):
        return Meshagent(base_url=url, token=bearer)

    shared = loop.run_until_complete(make(token))

    def run(body, *, token_override=None):
        if token_override is None:
            return loop.run_until_complete(body(shared))

        async def once():
            async with Meshagent(base_url=url, token=token_override) as client:
                return await body(client)

        return loop.run_until_complete(once())

    yield run
    loop.run_until_complete(shared.close())
    loop.close()


@pytest.fixture
def unique():
    """A name no other test uses, so tests sharing the server never collide."""
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:10]}"
