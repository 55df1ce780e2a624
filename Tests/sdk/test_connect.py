"""Joining a room through MeshAgent's client: the embedded API mints the token the SDK itself would.

The project key comes from `grantdesk accounts-server --print-project-key` (GRANTDESK_SDK_KEY_ID,
GRANTDESK_SDK_SECRET, set by scripts/sdk-tests.sh). Each token is verified with the SDK's own
`ParticipantToken.from_jwt` (PyJWT, HS256) and its `api` grant compared with what the SDK's
`ParticipantGrant.to_json` makes of the stored scope.
"""

import os
import time

import jwt
import pytest
from meshagent.api.client import PermissionDeniedError, NotFoundError, RoomConnectionInfo
from meshagent.api.participant_token import ApiScope, ParticipantGrant, ParticipantToken

from conftest import PROJECT

OWNER = "local-admin"

SCOPES = [
    {},
    {"livekit": {}, "queues": {"list": True, "send": ["jobs"]}, "sqlite": {"attach": True}},
    {"datasets": {"tables": [{"name": "t", "read": True, "write": True, "alter": False}], "list_tables": False}},
    {"memory": {"memories": [{"name": "m", "permissions": {"drop": False, "query": True}}, {"name": "n", "permissions": {}}]}},
    {"containers": {"logs": True, "use_containers": False, "registry": {"pull": ["r/*"]}}, "admin": {"config": True}},
    ApiScope.full().model_dump(mode="json"),
    ApiScope.user_default().model_dump(mode="json"),
]


@pytest.fixture(scope="session")
def project_key():
    key_id, secret = os.environ.get("GRANTDESK_SDK_KEY_ID"), os.environ.get("GRANTDESK_SDK_SECRET")
    if not key_id or not secret:
        pytest.fail("GRANTDESK_SDK_KEY_ID / GRANTDESK_SDK_SECRET are unset: run scripts/sdk-tests.sh")
    return key_id, secret


@pytest.mark.parametrize("scope", SCOPES)
def test_connect_mints_the_sdks_own_token(sdk, unique, project_key, scope):
    key_id, secret = project_key
    room = sdk(lambda c: c.create_room(project_id=PROJECT, name=unique("sdk-connect")))
    sdk(lambda c: c.create_room_grant(project_id=PROJECT, room_id=room.id, user_id=OWNER, permissions=scope))
    before = time.time()
    info = sdk(lambda c: c.connect_room(project_id=PROJECT, room=room.name))
    assert isinstance(info, RoomConnectionInfo)
    assert (info.room_name, info.project_id) == (room.name, PROJECT) and info.room_url

    token = ParticipantToken.from_jwt(info.jwt, token=secret)
    assert token.project_id == PROJECT and token.api_key_id == key_id and token.name == "admin@grantdesk.local"
    assert token.grant_scope("room") == room.name and token.role == "user"
    expected = ParticipantGrant(name="api", scope=ApiScope.model_validate(scope)).to_json()["scope"]
    api = [g for g in jwt.decode(info.jwt, key=secret, algorithms=["HS256"])["grants"] if g["name"] == "api"]
    assert api == [{"name": "api", "scope": expected}]
    exp = token.extra_payload["exp"]
    assert before + 3590 <= exp <= time.time() + 3600

    with pytest.raises(jwt.InvalidSignatureError):
        ParticipantToken.from_jwt(info.jwt, token="not-the-secret-of-this-project-0123456789")

    (session, *_) = sdk(lambda c: c.list_recent_sessions(PROJECT, room_id=room.id))
    assert session.room_id == room.id and session.room_name == room.name and session.is_active
    assert abs(session.created_at.timestamp() - before) < 5


def test_connect_without_a_grant_is_refused(sdk, unique):
    room = sdk(lambda c: c.create_room(project_id=PROJECT, name=unique("sdk-no-grant")))
    with pytest.raises(PermissionDeniedError):
        sdk(lambda c: c.connect_room(project_id=PROJECT, room=room.name))
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.connect_room(project_id=PROJECT, room=unique("sdk-missing")))
    assert sdk(lambda c: c.list_recent_sessions(PROJECT, room_id=room.id)) == []


def test_recent_sessions_are_newest_first_and_limited(sdk, unique):
    room = sdk(lambda c: c.create_room(project_id=PROJECT, name=unique("sdk-sessions")))
    sdk(lambda c: c.create_room_grant(project_id=PROJECT, room_id=room.id, user_id=OWNER, permissions={}))
    for _ in range(3):
        sdk(lambda c: c.connect_room(project_id=PROJECT, room=room.name))
    sessions = sdk(lambda c: c.list_recent_sessions(PROJECT, room_id=room.id, limit=2))
    assert len(sessions) == 2
    assert sessions[0].created_at >= sessions[1].created_at
    recent = sdk(lambda c: c.list_recent_sessions(PROJECT, limit=500))
    assert [s.id for s in sessions] == [s.id for s in recent if s.room_id == room.id][:2]
