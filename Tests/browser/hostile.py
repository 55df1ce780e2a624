"""Hostile strings and the data set that carries them.

`seed(db_path, api_url, token)` creates the hostile rooms, grants and an
email invite through the embedded accounts API, and writes only what that
API cannot create (users with chosen ids, a room with a chosen id) into its
SQLite store. The console reads all of it back through the API as usual.
"""
import json
import sqlite3
import sys
import urllib.request

IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = '</script><script>window.__xss=1</script>'
ATTR = 'q"\u0301 autofocus onfocus=window.__xss=1 x="'
JS_URL = 'javascript:window.__xss=1'
RTL = '\u202etxt.exe\u2028line'
BAD_UTF8 = 'bad\udcff-\ufffd-\u0000nul'.replace('\udcff', '\ufffd')

PROJECT = 'default'
ROOM = 'evil ' + IMG + ' ' + SCRIPT
ROOM_ID = 'room-' + IMG
USER = 'user-' + IMG
USER2 = JS_URL
EMAIL = 'mallory+' + IMG + '@example.com'
SCOPE = {
    'queues': {'send': [IMG, SCRIPT], 'receive': [JS_URL]},
    'storage': {'paths': [{'path': '/' + IMG, 'read_only': True}]},
    'admin': {},
    IMG: {'x': SCRIPT, 'rtl': RTL},
}


def api(base_url, token, method, path, body):
    """One call to the embedded accounts API, exactly as the console makes it."""
    request = urllib.request.Request(
        base_url + '/accounts/projects/' + PROJECT + path, method=method,
        data=json.dumps(body).encode(),
        headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b'{}')


def seed(db_path, base_url, token):
    # Users are the one thing the accounts API cannot create with a chosen id
    # (MeshAgent's users come from sign-up), so they go into the store directly,
    # with one room whose *id* is hostile (the API chooses room ids itself).
    db = sqlite3.connect(db_path, timeout=10)
    with db:
        db.execute('INSERT OR IGNORE INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)',
                   (USER, EMAIL, ATTR, RTL))
        db.execute('INSERT OR IGNORE INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)',
                   (USER2, 'js@example.com', BAD_UTF8, SCRIPT))
        for user in (USER, USER2):
            db.execute('INSERT OR IGNORE INTO member (project_id, user_id) VALUES (?, ?)', (PROJECT, user))
        db.execute("INSERT INTO room (project_id, id, name, metadata, annotations) VALUES (?, ?, ?, '{}', '{}')",
                   (PROJECT, ROOM_ID, 'hostile id'))
    db.close()

    # Everything else arrives through the API, as a real upstream would hold it.
    metadata = {'html': IMG, 'script': SCRIPT, 'link': JS_URL, 'rtl': RTL, 'attr': ATTR}
    annotations = {IMG: ATTR, 'link': JS_URL, 'rtl': RTL}
    api(base_url, token, 'POST', '/rooms',
        {'name': ROOM, 'if_not_exists': False, 'metadata': metadata, 'annotations': annotations})
    for user in (USER, USER2):
        api(base_url, token, 'POST', '/room-grants',
            {'room_id': ROOM, 'user_id': user, 'permissions': SCOPE, 'email': None, 'invite_redirect_url': None})
    # An email invite with a hostile address creates its user through the API.
    api(base_url, token, 'POST', '/room-grants',
        {'room_id': ROOM, 'email': EMAIL.replace('mallory', 'invitee'), 'permissions': {'queues': {}},
         'user_id': None})
    api(base_url, token, 'POST', '/room-grants',
        {'room_id': 'hostile id', 'user_id': USER, 'permissions': {'queues': {}}, 'email': None,
         'invite_redirect_url': None})
    # A room called "..": browsers resolve such a path segment away (even as
    # %2E%2E), so its links use the query-string form (test_dot_names.py);
    # every other page must still render.
    api(base_url, token, 'POST', '/rooms', {'name': '..', 'if_not_exists': False})
    api(base_url, token, 'POST', '/room-grants',
        {'room_id': '..', 'user_id': 'user-1', 'permissions': {'queues': {}}, 'email': None,
         'invite_redirect_url': None})
    # A hostile user also holds a grant in an ordinary room.
    api(base_url, token, 'POST', '/room-grants',
        {'room_id': 'lobby', 'user_id': USER, 'permissions': {'messaging': {}}, 'email': None,
         'invite_redirect_url': None})


if __name__ == '__main__':
    seed(sys.argv[1], sys.argv[2], sys.argv[3])
