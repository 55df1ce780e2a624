/// When grants given through GrantDesk expire: one row per grant (project,
/// room id, user), holding the scope's canonical hash the expiry was given
/// with, so the sweeper revokes only the grant it was set on.
enum GrantExpiryTables {
    static let migration = ConsoleMigration("v5-grant-expiries") { session in
        let time = session.dialect == .sqlite ? "REAL" : "DOUBLE PRECISION"
        try session.execute("""
            CREATE TABLE grant_expiries (
                project TEXT NOT NULL,
                room_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                room TEXT NOT NULL,
                expires_at \(time) NOT NULL,
                scope TEXT NOT NULL,
                scope_hash TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at \(time) NOT NULL,
                state TEXT NOT NULL,
                claimed_at \(time),
                outcome TEXT,
                PRIMARY KEY (project, room_id, user_id)
            )
            """, [])
        try session.execute("CREATE INDEX grant_expiries_due ON grant_expiries(state, expires_at)", [])
    }
}
