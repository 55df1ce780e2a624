"""Every room-grant operation of MeshAgent's client, with its own models reading the answers."""

import pytest
from meshagent.api import ApiScope
from meshagent.api.client import (
    ConflictError,
    NotFoundError,
    ProjectRoomGrant,
    ValidationErrorResponse,
)
from meshagent.api.participant_token import MessagingGrant, QueuesGrant, TableGrant

from conftest import PROJECT


def everything(sdk, order_by="room_name"):
    return sdk(lambda c: c.list_room_grants(project_id=PROJECT, limit=500, order_by=order_by))


def test_list_reads_every_demo_grant_including_the_older_clients_nulls(sdk):
    grants = everything(sdk)
    assert len(grants) >= 60
    assert all(isinstance(g, ProjectRoomGrant) for g in grants)
    # The demo grant an older client sent with "database" and explicit nulls, now readable.
    legacy = [g for g in grants if g.permissions.dataset and g.permissions.dataset.tables
              and g.permissions.dataset.tables[0].name == "orders"]
    assert legacy, "the demo's older-client grant is missing"
    scope = legacy[0].permissions
    assert scope.messaging == MessagingGrant(broadcast=True, list=True, send=True)
    assert scope.queues is None and scope.llm is None and scope.admin is None
    assert scope.dataset.tables[0].namespace is None and scope.dataset.tables[0].write is False


def test_list_orders_and_pages(sdk):
    by_room = everything(sdk)
    assert [(g.room.name, g.user_id) for g in by_room] == sorted((g.room.name, g.user_id) for g in by_room)
    by_user = everything(sdk, order_by="user_id")
    assert [(g.user_id, g.room.name) for g in by_user] == sorted((g.user_id, g.room.name) for g in by_user)
    for order_by, full in (("room_name", by_room), ("user_id", by_user)):
        paged = []
        for offset in range(0, len(full), 7):
            page = sdk(lambda c: c.list_room_grants(project_id=PROJECT, limit=7, offset=offset, order_by=order_by))
            assert len(page) <= 7
            paged += page
        assert [(g.room.id, g.user_id) for g in paged] == [(g.room.id, g.user_id) for g in full]
    default_page = sdk(lambda c: c.list_room_grants(project_id=PROJECT))
    assert len(default_page) == min(50, len(by_room))


def test_bad_paging_is_a_validation_error(sdk):
    with pytest.raises(ValidationErrorResponse):
        sdk(lambda c: c.list_room_grants(project_id=PROJECT, order_by="email"))
    with pytest.raises(ValidationErrorResponse):
        sdk(lambda c: c.list_room_grants(project_id=PROJECT, limit=501))


def test_create_by_user_id_get_update_delete(sdk, unique):
    room = sdk(lambda c: c.create_room(project_id=PROJECT, name=unique("sdk-grants")))
    scope = ApiScope(messaging=MessagingGrant(send=False), queues=QueuesGrant(send=["jobs"]))
    sdk(lambda c: c.create_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-3", permissions=scope))
    with pytest.raises(ConflictError):
        sdk(lambda c: c.create_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-3", permissions=scope))

    # get by room id and by room name (clients mix them up; the server takes both)
    for room_ref in (room.id, room.name):
        grant = sdk(lambda c: c.get_room_grant(project_id=PROJECT, room_id=room_ref, user_id="user-3"))
        assert grant.room.id == room.id and grant.room.name == room.name and grant.user_id == "user-3"
        assert grant.permissions == scope

    wider = ApiScope(messaging=MessagingGrant(), dataset={"tables": [TableGrant(name="t", write=True)]})
    sdk(lambda c: c.update_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-3", permissions=wider))
    grant = sdk(lambda c: c.get_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-3"))
    assert grant.permissions == wider

    sdk(lambda c: c.delete_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-3"))
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.get_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-3"))
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.delete_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-3"))
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.update_room_grant(project_id=PROJECT, room_id=room.id, user_id="user-3", permissions=scope))


def test_create_by_email_invites_a_member(sdk, unique):
    room = sdk(lambda c: c.create_room(project_id=PROJECT, name=unique("sdk-invite")))
    email = unique("invitee") + "@example.com"
    sdk(lambda c: c.create_room_grant_by_email(
        project_id=PROJECT, room_id=room.name, email=email, permissions=ApiScope(messaging=MessagingGrant()),
        invite_redirect_url="https://example.com/welcome"))
    grants = sdk(lambda c: c.list_room_grants_by_room(project_id=PROJECT, room_name=room.name))
    assert len(grants) == 1
    invited = grants[0].user_id
    users = sdk(lambda c: c.list_unique_users_with_grants(project_id=PROJECT, filter=email))
    assert [(u.user_id, u.email, u.count) for u in users] == [(invited, email, 1)]
    members = sdk(lambda c: c.get_users_in_project_page(PROJECT, filter=email))
    assert [m["id"] for m in members.users] == [invited] and members.total == 1


def test_by_user_with_paging_and_filter(sdk):
    counts = sdk(lambda c: c.list_unique_users_with_grants(project_id=PROJECT, limit=500))
    user = max(counts, key=lambda u: u.count).user_id
    page = sdk(lambda c: c.list_room_grants_by_user_page(project_id=PROJECT, user_id=user, limit=500))
    assert page.total == len(page.room_grants) > 2
    assert all(g.user_id == user for g in page.room_grants)
    names = [g.room.name for g in page.room_grants]
    assert names == sorted(names)
    second = sdk(lambda c: c.list_room_grants_by_user(project_id=PROJECT, user_id=user, limit=1, offset=1))
    assert [g.room.name for g in second] == names[1:2]
    needle = names[-1][:4].upper()
    filtered = sdk(lambda c: c.list_room_grants_by_user_page(project_id=PROJECT, user_id=user, filter=needle))
    assert filtered.total == len([n for n in names if needle.lower() in n.lower()]) >= 1
    assert sdk(lambda c: c.list_room_grants_by_user(project_id=PROJECT, user_id="nobody-at-all")) == []


def test_by_room_with_a_slash_and_space_in_its_name(sdk):
    grants = sdk(lambda c: c.list_room_grants_by_room(project_id=PROJECT, room_name="team/alpha room", limit=500))
    assert grants and all(g.room.name == "team/alpha room" for g in grants)
    users = [g.user_id for g in grants]
    assert users == sorted(users)
    tail = sdk(lambda c: c.list_room_grants_by_room(project_id=PROJECT, room_name="team/alpha room", limit=2, offset=1))
    assert [g.user_id for g in tail] == users[1:3]
    with pytest.raises(NotFoundError):
        sdk(lambda c: c.list_room_grants_by_room(project_id=PROJECT, room_name="no such room"))


def test_rooms_with_counts_agree_with_the_lists(sdk):
    rooms = sdk(lambda c: c.list_unique_rooms_with_grants(project_id=PROJECT, limit=500))
    assert [r.room.name for r in rooms] == sorted(r.room.name for r in rooms)
    assert sum(r.count for r in rooms) == len(everything(sdk))
    support = next(r for r in rooms if r.room.name == "support")
    assert support.room.metadata == {"sla_hours": 4} and support.room.annotations == {"team": "support", "tier": "1"}
    assert support.count == len(sdk(lambda c: c.list_room_grants_by_room(project_id=PROJECT, room_name="support", limit=500)))
    page = sdk(lambda c: c.list_unique_rooms_with_grants(project_id=PROJECT, limit=3, offset=2))
    assert [r.room.id for r in page] == [r.room.id for r in rooms[2:5]]


def test_users_with_counts_agree_with_the_lists(sdk):
    page = sdk(lambda c: c.list_unique_users_with_grants_page(project_id=PROJECT, limit=500))
    assert page.total == len(page.users)
    ids = [u.user_id for u in page.users]
    assert ids == sorted(ids)
    ada = next(u for u in page.users if u.user_id == "user-1")
    assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lovelace", "ada.lovelace@example.com")
    assert ada.count == len(sdk(lambda c: c.list_room_grants_by_user(project_id=PROJECT, user_id="user-1", limit=500)))
    found = sdk(lambda c: c.list_unique_users_with_grants(project_id=PROJECT, filter="ada lovelace"))
    assert [u.user_id for u in found] == ["user-1"]
    paged = sdk(lambda c: c.list_unique_users_with_grants(project_id=PROJECT, limit=2, offset=3))
    assert [u.user_id for u in paged] == ids[3:5]
