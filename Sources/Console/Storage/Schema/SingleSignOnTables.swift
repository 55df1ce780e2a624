/// Single sign-on's tables: sign-ins in progress (state, nonce and PKCE
/// verifier kept on the server, one row per attempt, used once) and the
/// link from a provider's subject to the console user it signs in as, and
/// each single sign-on session's ID token (the `id_token_hint` of logout).
enum SingleSignOnTables {
    static let migration = ConsoleMigration("v4-single-sign-on") { session in
        let time = session.dialect == .postgres ? "DOUBLE PRECISION" : "REAL"
        try session.execute("""
            CREATE TABLE sso_logins (
                state_hash TEXT PRIMARY KEY,
                browser_hash TEXT NOT NULL,
                nonce TEXT NOT NULL,
                code_verifier TEXT NOT NULL,
                next TEXT,
                created_at \(time) NOT NULL
            )
            """, [])
        try session.execute("""
            CREATE TABLE sso_identities (
                issuer TEXT NOT NULL,
                subject TEXT NOT NULL,
                user_name TEXT NOT NULL UNIQUE,
                email TEXT,
                display_name TEXT,
                first_seen_at \(time) NOT NULL,
                last_sign_in_at \(time) NOT NULL,
                PRIMARY KEY (issuer, subject)
            )
            """, [])
        try session.execute("""
            CREATE TABLE sso_sessions (
                session_hash TEXT PRIMARY KEY,
                id_token TEXT NOT NULL,
                created_at \(time) NOT NULL
            )
            """, [])
    }
}
