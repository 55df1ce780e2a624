"""Hostile strings and the data set that carries them.

`seed(db_path)` writes them into the embedded accounts API's SQLite store
(the API itself cannot create users with arbitrary ids); everything the
console shows is then read back through the accounts API as usual.
"""
import json
import sqlite3
import sys

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


def seed(db_path):
    db = sqlite3.connect(db_path, timeout=10)
    with db:
        db.execute('INSERT OR IGNORE INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)',
                   (USER, EMAIL, ATTR, RTL))
        db.execute('INSERT OR IGNORE INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)',
                   (USER2, 'js@example.com', BAD_UTF8, SCRIPT))
        for user in (USER, USER2):
            db.execute('INSERT OR IGNORE INTO member (project_id, user_id) VALUES (?, ?)', (PROJECT, user))
        metadata = {'html': IMG, 'script': SCRIPT, 'link': JS_URL, 'rtl': RTL, 'attr': ATTR}
        annotations = {IMG: ATTR, 'link': JS_URL, 'rtl': RTL}
        cursor = db.execute('INSERT INTO room (project_id, id, name, metadata, annotations) VALUES (?, ?, ?, ?, ?)',
                            (PROJECT, ROOM_ID, ROOM, json.dumps(metadata), json.dumps(annotations)))
        room_pk = cursor.lastrowid
        for user in (USER, USER2):
            db.execute('INSERT INTO room_grant (room_pk, user_id, project_id, room_name, permissions) VALUES (?, ?, ?, ?, ?)',
                       (room_pk, user, PROJECT, ROOM, json.dumps(SCOPE)))
        # A hostile user also holds a grant in an ordinary room.
        lobby = db.execute("SELECT pk FROM room WHERE project_id = ? AND name = 'lobby'", (PROJECT,)).fetchone()
        if lobby:
            db.execute('INSERT OR IGNORE INTO room_grant (room_pk, user_id, project_id, room_name, permissions) VALUES (?, ?, ?, ?, ?)',
                       (lobby[0], USER, PROJECT, 'lobby', json.dumps({'messaging': {}})))
    db.close()


if __name__ == '__main__':
    seed(sys.argv[1])
