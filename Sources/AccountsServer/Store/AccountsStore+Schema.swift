import GRDB

extension AccountsStore {
    /// Schema versions, applied in order. Never edit a shipped migration; add one.
    ///
    /// Grants carry their room's name (kept in step on rename) so every list
    /// is an index range scan in the order it is asked for; per-room and
    /// per-user grant counts are kept by triggers so the count lists never
    /// scan the grants.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts") { db in
            try db.execute(sql: """
                CREATE TABLE project (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    extra TEXT NOT NULL DEFAULT '{}'
                );
                CREATE TABLE user (
                    id TEXT PRIMARY KEY NOT NULL,
                    email TEXT NOT NULL,
                    first_name TEXT,
                    last_name TEXT
                );
                CREATE INDEX user_by_email ON user(email COLLATE NOCASE);
                CREATE TABLE member (
                    project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    is_admin INTEGER,
                    is_developer INTEGER,
                    can_create_rooms INTEGER,
                    can_use_llm_proxy INTEGER,
                    PRIMARY KEY (project_id, user_id)
                ) WITHOUT ROWID;
                CREATE TABLE room (
                    pk INTEGER PRIMARY KEY,
                    project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    annotations TEXT NOT NULL DEFAULT '{}',
                    grant_count INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (project_id, name),
                    UNIQUE (project_id, id)
                );
                CREATE TABLE room_grant (
                    room_pk INTEGER NOT NULL REFERENCES room(pk) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    project_id TEXT NOT NULL,
                    room_name TEXT NOT NULL,
                    permissions TEXT NOT NULL,
                    PRIMARY KEY (room_pk, user_id)
                ) WITHOUT ROWID;
                CREATE INDEX room_grant_by_room_name ON room_grant(project_id, room_name, user_id);
                CREATE INDEX room_grant_by_user ON room_grant(project_id, user_id, room_name);
                CREATE INDEX room_grant_user_fk ON room_grant(user_id);
                CREATE TABLE user_grant_count (
                    project_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (project_id, user_id)
                ) WITHOUT ROWID;
                CREATE TRIGGER room_grant_counted AFTER INSERT ON room_grant BEGIN
                    UPDATE room SET grant_count = grant_count + 1 WHERE pk = NEW.room_pk;
                    INSERT OR IGNORE INTO user_grant_count (project_id, user_id, count) VALUES (NEW.project_id, NEW.user_id, 0);
                    UPDATE user_grant_count SET count = count + 1 WHERE project_id = NEW.project_id AND user_id = NEW.user_id;
                END;
                CREATE TRIGGER room_grant_uncounted AFTER DELETE ON room_grant BEGIN
                    UPDATE room SET grant_count = grant_count - 1 WHERE pk = OLD.room_pk;
                    UPDATE user_grant_count SET count = count - 1 WHERE project_id = OLD.project_id AND user_id = OLD.user_id;
                    DELETE FROM user_grant_count WHERE project_id = OLD.project_id AND user_id = OLD.user_id AND count <= 0;
                END;
                """)
        }
        migrator.registerMigration("v2: project keys and room sessions") { db in
            // The key that signs a project's participant tokens (the embedded
            // stand-in for a MeshAgent API key), made on first use.
            try db.execute(sql: """
                CREATE TABLE project_key (
                    project_id TEXT PRIMARY KEY NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                    key_id TEXT NOT NULL,
                    secret TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE room_session (
                    id TEXT PRIMARY KEY NOT NULL,
                    project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                    room_id TEXT NOT NULL,
                    room_name TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    ends_at REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX room_session_by_time ON room_session(project_id, created_at);
                CREATE INDEX room_session_by_room ON room_session(project_id, room_id, created_at);
                """)
        }
        migrator.registerMigration("v3: oauth clients") { db in
            // The secret is kept only as its SHA-256: it is 256 random bits, so a
            // fast hash is enough (no dictionary to guess from) and a stolen
            // database gives no usable secret.
            try db.execute(sql: """
                CREATE TABLE oauth_client (
                    project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                    client_id TEXT NOT NULL,
                    secret_sha256 TEXT NOT NULL,
                    grant_types TEXT NOT NULL,
                    response_types TEXT NOT NULL,
                    redirect_uris TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    official INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (project_id, client_id)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
