"""Projects, the caller's role and profile, and the bearer token, through MeshAgent's client."""

import pytest
from meshagent.api import RoomException
from meshagent.api.client import NotFoundError, ProjectInfo

from conftest import PROJECT


def test_projects_and_project_info(sdk):
    listed = sdk(lambda c: c.list_projects())
    ids = [p["id"] for p in listed["projects"]]
    assert PROJECT in ids and "sandbox" in ids
    project = sdk(lambda c: c.get_project(PROJECT))
    assert project["name"] == "Demo project"
    info = sdk(lambda c: c.get_project_info(PROJECT))
    assert isinstance(info, ProjectInfo)
    assert (info.id, info.name, info.settings) == (PROJECT, "Demo project", {"region": "eu-west"})
    assert info.project_key and info.owner_user_id == "local-admin"
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.get_project("no-such-project"))


def test_role_and_me(sdk):
    assert sdk(lambda c: c.get_project_role(PROJECT)) == "admin"
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.get_project_role("no-such-project"))
    me = sdk(lambda c: c.get_user_profile("me"))
    assert (me["id"], me["email"]) == ("local-admin", "admin@grantdesk.local")


def test_a_wrong_token_is_refused(sdk, server):
    _, token = server
    with pytest.raises(RoomException, match="Status=401"):
        sdk(lambda c: c.list_projects(), token_override=token + "x")
    with pytest.raises(RoomException, match="Status=401"):
        sdk(lambda c: c.list_room_grants(project_id=PROJECT), token_override=token[:-1])
