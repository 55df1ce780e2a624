"""Project storage through MeshAgent's client: upload and download, unchanged."""

import os

import pytest
from meshagent.api import RoomException

from conftest import PROJECT


def test_upload_then_download_round_trips_bytes(sdk, unique):
    path = f"sdk/{unique('file')}.bin"
    data = os.urandom(300_000)
    assert sdk(lambda c: c.upload(project_id=PROJECT, path=path, data=data)) is None
    assert sdk(lambda c: c.download(project_id=PROJECT, path=path)) == data


def test_an_upload_replaces_the_file(sdk, unique):
    path = f"sdk/{unique('again')}/name with spaces & ünïcode.txt"
    sdk(lambda c: c.upload(project_id=PROJECT, path=path, data=b"first"))
    sdk(lambda c: c.upload(project_id=PROJECT, path=path, data=b""))
    assert sdk(lambda c: c.download(project_id=PROJECT, path=path)) == b""
    sdk(lambda c: c.upload(project_id=PROJECT, path=path, data=b"second"))
    assert sdk(lambda c: c.download(project_id=PROJECT, path=path)) == b"second"


def test_a_missing_file_is_not_found(sdk, unique):
    with pytest.raises(RoomException, match="file was not found"):
        sdk(lambda c: c.download(project_id=PROJECT, path=f"sdk/{unique('missing')}.txt"))


@pytest.mark.parametrize("path", ["../escape.txt", "a/../../escape.txt", "/etc/passwd", "a\x00b", "a//b", ""])
def test_refused_paths(sdk, path):
    with pytest.raises(RoomException, match="Status code: 400.*Refused path"):
        sdk(lambda c: c.upload(project_id=PROJECT, path=path, data=b"x"))
    with pytest.raises(RoomException, match="Status code: 400.*Refused path"):
        sdk(lambda c: c.download(project_id=PROJECT, path=path))


def test_an_unknown_project_is_refused(sdk):
    with pytest.raises(RoomException, match="Status code: 404"):
        sdk(lambda c: c.upload(project_id="no-such-project", path="a.txt", data=b"x"))
