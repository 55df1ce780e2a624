"""Rooms through MeshAgent's client: create, get, rename, delete, list."""

import pytest
from meshagent.api import RoomException
from meshagent.api.client import ConflictError, NotFoundError, Room

from conftest import PROJECT


def test_create_get_conflict_and_if_not_exists(sdk, unique):
    name = unique("sdk-room")
    room = sdk(lambda c: c.create_room(project_id=PROJECT, name=name, metadata={"topic": "x", "n": None},
                                       annotations={"team": "sdk"}))
    assert isinstance(room, Room) and room.name == name and room.id
    assert room.metadata == {"topic": "x", "n": None} and room.annotations == {"team": "sdk"}
    assert sdk(lambda c: c.get_room(project_id=PROJECT, name=name)) == room
    with pytest.raises(ConflictError):
        sdk(lambda c: c.create_room(project_id=PROJECT, name=name))
    again = sdk(lambda c: c.create_room(project_id=PROJECT, name=name, if_not_exists=True))
    assert again == room


def test_create_with_initial_grants_sent_with_null_booleans(sdk, unique):
    # create_room passes permissions straight to JSON: a caller may send nulls, the server
    # keeps accepting them and answers with what the client's own models can read.
    name = unique("sdk-room-grants")
    sdk(lambda c: c.create_room(project_id=PROJECT, name=name, permissions={
        "user-2": {"messaging": {"broadcast": None, "send": False}, "admin": None, "sqlite": {"attach": None}},
    }))
    (grant,) = sdk(lambda c: c.list_room_grants_by_room(project_id=PROJECT, room_name=name))
    assert grant.user_id == "user-2" and grant.room.name == name
    assert grant.permissions.messaging.broadcast is True and grant.permissions.messaging.send is False
    assert grant.permissions.admin is None


def test_update_renames_and_replaces_metadata_and_grants_follow(sdk, unique):
    room = sdk(lambda c: c.create_room(project_id=PROJECT, name=unique("sdk-before"), metadata={"v": 1}))
    sdk(lambda c: c.create_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-4", permissions={}))
    renamed = unique("sdk-after")
    sdk(lambda c: c.update_room(project_id=PROJECT, room_id=room.id, name=renamed, metadata={"v": 2},
                                annotations={"stage": "renamed"}))
    now = sdk(lambda c: c.get_room(project_id=PROJECT, name=renamed))
    assert (now.id, now.metadata, now.annotations) == (room.id, {"v": 2}, {"stage": "renamed"})
    with pytest.raises(RoomException, match="room not found"):
        sdk(lambda c: c.get_room(project_id=PROJECT, name=room.name))
    (grant,) = sdk(lambda c: c.list_room_grants_by_room(project_id=PROJECT, room_name=renamed))
    assert grant.room.name == renamed and grant.user_id == "user-4"
    # A name only: metadata and annotations stay.
    sdk(lambda c: c.update_room(project_id=PROJECT, room_id=room.id, name=renamed))
    assert sdk(lambda c: c.get_room(project_id=PROJECT, name=renamed)) == now


def test_delete_takes_the_grants_along(sdk, unique):
    room = sdk(lambda c: c.create_room(project_id=PROJECT, name=unique("sdk-doomed")))
    sdk(lambda c: c.create_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-5", permissions={}))
    sdk(lambda c: c.delete_room(project_id=PROJECT, room_id=room.id))
    with pytest.raises(RoomException, match="room not found"):
        sdk(lambda c: c.get_room(project_id=PROJECT, name=room.name))
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.delete_room(project_id=PROJECT, room_id=room.id))
    counted = sdk(lambda c: c.list_unique_rooms_with_grants(project_id=PROJECT, limit=500))
    assert room.id not in [r.room.id for r in counted]
    assert sdk(lambda c: c.list_room_grants_by_user(project_id=PROJECT, user_id="user-5", filter=room.name)) == []


def test_list_pages_and_filter(sdk):
    page = sdk(lambda c: c.list_rooms_page(project_id=PROJECT, limit=500))
    assert page.total == len(page.rooms) >= 8
    names = [r.name for r in page.rooms]
    assert names == sorted(names)
    middle = sdk(lambda c: c.list_rooms(project_id=PROJECT, limit=3, offset=2))
    assert [r.name for r in middle] == names[2:5]
    filtered = sdk(lambda c: c.list_rooms_page(project_id=PROJECT, filter="ALPHA"))
    assert [r.name for r in filtered.rooms] == ["team/alpha room"] and filtered.total == 1
    alpha = filtered.rooms[0]
    assert alpha.metadata == {"note": "name with a slash and a space"} and alpha.annotations == {}
