/// One step of the console schema, applied once per database, in order, at
/// start-up. Names are permanent: a database records which ones it ran.
public struct ConsoleMigration: Sendable {
    public let name: String
    /// Runs inside the migration's transaction; switch on `session.dialect`
    /// where the two dialects need different DDL.
    public let apply: @Sendable (any SQLSession) throws -> Void

    public init(_ name: String, apply: @escaping @Sendable (any SQLSession) throws -> Void) {
        self.name = name
        self.apply = apply
    }
}

/// Every migration of the console schema after the first three (`CoreTables`:
/// users, sessions, the audit log), in the order they run. A feature adds its
/// tables by appending its migration here.
enum ConsoleSchema {
    static let migrations: [ConsoleMigration] = [
        OperationTables.migration,
        GrantExpiryTables.migration,
        SnapshotTables.migration,
        CampaignTables.migration,
        SingleSignOnTables.migration,
    ]

    /// What `ConsoleMigrator` applies: the core tables, then the features'.
    static var all: [ConsoleMigration] { CoreTables.migrations + migrations }
}
