"""Project members through MeshAgent's client: list, add, update, remove."""

import pytest
from meshagent.api.client import ConflictError, NotFoundError

from conftest import PROJECT

FLAGS = ("is_admin", "is_developer", "can_create_rooms", "can_use_llm_proxy")


def members(sdk, project, **kwargs):
    return sdk(lambda c: c.get_users_in_project_page(project, count=500, **kwargs))


def test_list_shapes_paging_and_filter(sdk):
    page = members(sdk, PROJECT)
    assert page.total == len(page.users) >= 26
    for user in page.users:
        assert isinstance(user["id"], str) and isinstance(user["email"], str)
        # A flag nobody stated is left out, never null.
        assert all(isinstance(user[f], bool) for f in FLAGS if f in user), user
    grace = next(u for u in page.users if u["id"] == "user-2")
    assert (grace["first_name"], grace["last_name"], grace["email"]) == ("Grace", "Hopper", "grace.hopper@example.com")
    found = members(sdk, PROJECT, filter="HOPPER")
    assert [u["id"] for u in found.users] == ["user-2"] and found.total == 1
    window = sdk(lambda c: c.get_users_in_project_page(PROJECT, count=4, offset=3))
    assert [u["id"] for u in window.users] == [u["id"] for u in page.users[3:7]] and window.total == page.total
    whole = sdk(lambda c: c.get_users_in_project(PROJECT))
    assert whole["total"] == page.total


def test_add_update_remove(sdk):
    sandbox = "sandbox"
    before = {u["id"] for u in members(sdk, sandbox).users}
    assert "user-9" not in before
    assert sdk(lambda c: c.add_user_to_project(sandbox, "user-9", is_admin=False, can_create_rooms=True)) == {"ok": True}
    with pytest.raises(ConflictError):
        sdk(lambda c: c.add_user_to_project(sandbox, "user-9"))
    added = next(u for u in members(sdk, sandbox).users if u["id"] == "user-9")
    assert added["is_admin"] is False and added["can_create_rooms"] is True
    assert "is_developer" not in added and "can_use_llm_proxy" not in added

    assert sdk(lambda c: c.update_project_user(sandbox, "user-9", is_admin=True, is_developer=True,
                                               can_create_rooms=False, can_use_llm_proxy=True)) == {"ok": True}
    updated = next(u for u in members(sdk, sandbox).users if u["id"] == "user-9")
    assert [updated[f] for f in FLAGS] == [True, True, False, True]

    assert sdk(lambda c: c.remove_user_from_project(sandbox, "user-9")) == {"ok": True}
    assert {u["id"] for u in members(sdk, sandbox).users} == before
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.remove_user_from_project(sandbox, "user-9"))
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.update_project_user(sandbox, "user-9", is_admin=False, is_developer=False,
                                            can_create_rooms=False, can_use_llm_proxy=False))
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.add_user_to_project(sandbox, "nobody-at-all"))
