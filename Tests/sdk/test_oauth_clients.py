"""OAuth clients through MeshAgent's client: create (secret once), list, get, update, delete."""

import pytest
from meshagent.api import RoomException
from meshagent.api.client import NotFoundError, OAuthClient, ValidationErrorResponse

from conftest import PROJECT


def create(sdk, **overrides):
    fields = dict(project_id=PROJECT, grant_types=["authorization_code", "refresh_token"], response_types=["code"],
                  redirect_uris=["https://app.example/callback", "http://127.0.0.1:8765/cb"], scope="openid profile",
                  metadata={"owner": "sdk-tests"})
    fields.update(overrides)
    return sdk(lambda c: c.create_oauth_client(**fields))


def test_create_returns_the_secret_once_and_get_and_list_never_do(sdk):
    client = create(sdk)
    assert isinstance(client, OAuthClient) and client.client_id and client.project_id == PROJECT
    # 256 bits from the CSPRNG, base64url: 43 characters.
    assert len(client.client_secret) >= 43
    assert client.grant_types == ["authorization_code", "refresh_token"] and client.response_types == ["code"]
    assert client.redirect_uris == ["https://app.example/callback", "http://127.0.0.1:8765/cb"]
    assert client.scope == "openid profile" and client.metadata == {"owner": "sdk-tests"} and client.official is False
    fetched = sdk(lambda c: c.get_oauth_client(project_id=PROJECT, client_id=client.client_id))
    assert fetched.client_secret == ""
    assert fetched.model_dump() == {**client.model_dump(), "client_secret": ""}
    listed = sdk(lambda c: c.list_oauth_clients(project_id=PROJECT, count=500))
    mine = [each for each in listed if each.client_id == client.client_id]
    assert [each.client_secret for each in mine] == [""]
    assert all(each.client_secret == "" for each in listed)


def test_two_clients_get_different_ids_and_secrets(sdk):
    first, second = create(sdk), create(sdk)
    assert first.client_id != second.client_id and first.client_secret != second.client_secret


def test_list_page_counts_and_filters(sdk):
    client = create(sdk, scope="sdk-filter-marker")
    page = sdk(lambda c: c.list_oauth_clients_page(project_id=PROJECT, count=1, offset=0))
    assert len(page.clients) == 1 and page.total >= 1
    found = sdk(lambda c: c.list_oauth_clients(project_id=PROJECT, filter="SDK-FILTER-MARKER"))
    assert [each.client_id for each in found] == [client.client_id]


def test_update_replaces_only_the_fields_sent(sdk):
    client = create(sdk)
    answer = sdk(lambda c: c.update_oauth_client(project_id=PROJECT, client_id=client.client_id,
                                                 redirect_uris=["https://other.example/cb"], scope="email"))
    assert answer == {"ok": True}
    now = sdk(lambda c: c.get_oauth_client(project_id=PROJECT, client_id=client.client_id))
    assert now.redirect_uris == ["https://other.example/cb"] and now.scope == "email"
    assert now.grant_types == client.grant_types and now.metadata == client.metadata
    sdk(lambda c: c.update_oauth_client(project_id=PROJECT, client_id=client.client_id, metadata={"a": "1"},
                                        grant_types=["client_credentials"], response_types=[]))
    now = sdk(lambda c: c.get_oauth_client(project_id=PROJECT, client_id=client.client_id))
    assert (now.metadata, now.grant_types, now.response_types) == ({"a": "1"}, ["client_credentials"], [])


def test_refused_redirect_uris_and_metadata(sdk):
    for uri in ["http://app.example/cb", "ftp://x/cb", "/relative", "https://app.example/cb#frag", "https:///nohost"]:
        with pytest.raises(ValidationErrorResponse, match="redirect_uris"):
            create(sdk, redirect_uris=[uri])
    # Non-string metadata values would make every later answer unreadable to this very client.
    with pytest.raises(ValidationErrorResponse, match="metadata"):
        create(sdk, metadata={"n": 1})
    client = create(sdk)
    with pytest.raises(ValidationErrorResponse, match="redirect_uris"):
        sdk(lambda c: c.update_oauth_client(project_id=PROJECT, client_id=client.client_id,
                                            redirect_uris=["http://evil.example/"]))


def test_delete_then_missing(sdk):
    client = create(sdk)
    sdk(lambda c: c.delete_oauth_client(project_id=PROJECT, client_id=client.client_id))
    with pytest.raises(RoomException, match="oauth client not found"):
        sdk(lambda c: c.get_oauth_client(project_id=PROJECT, client_id=client.client_id))
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.delete_oauth_client(project_id=PROJECT, client_id=client.client_id))


def test_an_unknown_project_is_not_found(sdk):
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.list_oauth_clients(project_id="no-such-project"))
