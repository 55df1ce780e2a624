/// State that was kept in each process's memory and must be shared by
/// replicas: one-time form tokens (`SubmissionLedger`) and failed sign-ins
/// (`LoginThrottle`).
enum SharedStateTables {
    static let migration = ConsoleMigration("v4-submission-tokens-login-failures") { session in
        let time = session.dialect == .sqlite ? "REAL" : "DOUBLE PRECISION"
        try session.execute("""
            CREATE TABLE submission_tokens (
                session_hash TEXT NOT NULL,
                token TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('in-flight', 'done')),
                location TEXT,
                message TEXT,
                at \(time) NOT NULL,
                PRIMARY KEY (session_hash, token)
            );
            CREATE INDEX submission_tokens_by_time ON submission_tokens(at);
            CREATE TABLE login_failures (
                throttle_key TEXT PRIMARY KEY,
                failures INTEGER NOT NULL,
                last_failure \(time) NOT NULL
            );
            CREATE INDEX login_failures_by_time ON login_failures(last_failure);
            """)
    }
}
