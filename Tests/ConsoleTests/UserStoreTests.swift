@testable import Console
import Foundation
import Testing
@testable import GrantDeskTesting

@Suite struct UserStoreTests {
    func store(_ backend: TestStorage) async throws -> (UserStore, ConsoleDatabase) {
        let database = try await backend.database()
        return (UserStore(database: database, hasher: .fastForTests), database)
    }

    @Test(arguments: TestStorage.allCases)
    func addListAuthenticate(_ backend: TestStorage) async throws {
        let (users, _) = try await store(backend)
        try await users.add(name: "alice", role: .admin, password: "correct horse")
        try await users.add(name: "bob.r@example", role: .reviewer, password: "battery staple")
        #expect(try await users.list().map(\.name) == ["alice", "bob.r@example"])
        #expect(try await users.authenticate(name: "alice", password: "correct horse") == ConsoleUser(name: "alice", role: .admin))
        #expect(try await users.authenticate(name: "ALICE", password: "correct horse")?.name == "alice")
        #expect(try await users.authenticate(name: "alice", password: "correct horsE") == nil)
        #expect(try await users.authenticate(name: "nobody", password: "correct horse") == nil)
        await #expect(throws: UserStore.Failure.alreadyExists("Alice")) {
            try await users.add(name: "Alice", role: .reviewer, password: "another password")
        }
        // Names are case-insensitive everywhere, on both backends, as SQLite's NOCASE made them.
        #expect(try await users.find(name: "aLiCe")?.name == "alice")
        try await users.add(name: "Carol", role: .admin, password: "carol password")
        #expect(try await users.list().map(\.name) == ["alice", "bob.r@example", "Carol"])
        try await users.setPassword(name: "CAROL", password: "new carol password")
        #expect(try await users.authenticate(name: "carol", password: "new carol password")?.name == "Carol")
        try await users.remove(name: "carol")
        #expect(try await users.count() == 2)
    }

    @Test(arguments: TestStorage.allCases)
    func refusesBadNamesShortPasswordsAndRemovingTheLastAdmin(_ backend: TestStorage) async throws {
        let (users, _) = try await store(backend)
        for name in ["", "a b", "x/y", "<script>", String(repeating: "a", count: 65), "ünï"] {
            await #expect(throws: UserStore.Failure.invalidName) {
                try await users.add(name: name, role: .admin, password: "long enough password")
            }
        }
        await #expect(throws: UserStore.Failure.passwordTooShort(minimum: 10)) {
            try await users.add(name: "a", role: .admin, password: "short")
        }
        try await users.add(name: "admin", role: .admin, password: "long enough password")
        await #expect(throws: UserStore.Failure.lastAdmin) { try await users.remove(name: "admin") }
        await #expect(throws: UserStore.Failure.notFound("ghost")) { try await users.remove(name: "ghost") }
        try await users.add(name: "second", role: .admin, password: "long enough password")
        try await users.remove(name: "admin")
        #expect(try await users.list().map(\.name) == ["second"])
    }

    @Test(arguments: TestStorage.allCases)
    func setPasswordEndsTheUsersSessionsAndRemoveDeletesThem(_ backend: TestStorage) async throws {
        let (users, database) = try await store(backend)
        let sessions = SessionStore(database: database)
        try await users.add(name: "admin", role: .admin, password: "first password")
        try await users.add(name: "rita", role: .reviewer, password: "rita password")
        let (adminCookie, _) = try await sessions.create(userName: "admin")
        let (ritaCookie, _) = try await sessions.create(userName: "rita")
        try await users.setPassword(name: "admin", password: "second password")
        #expect(try await sessions.resume(cookieValue: adminCookie) == nil)
        #expect(try await sessions.resume(cookieValue: ritaCookie) != nil)
        #expect(try await users.authenticate(name: "admin", password: "first password") == nil)
        #expect(try await users.authenticate(name: "admin", password: "second password") != nil)
        try await users.remove(name: "rita")
        #expect(try await sessions.resume(cookieValue: ritaCookie) == nil)
        #expect(try await sessions.count() == 0)
        await #expect(throws: UserStore.Failure.notFound("ghost")) {
            try await users.setPassword(name: "ghost", password: "whatever password")
        }
    }

    @Test(arguments: TestStorage.allCases)
    func firstAdminIsCreatedOnceWithAGivenOrGeneratedPassword(_ backend: TestStorage) async throws {
        let (users, _) = try await store(backend)
        let generated = try #require(try await users.ensureFirstAdmin(password: nil))
        #expect(generated.count == 20)
        #expect(try await users.authenticate(name: "admin", password: generated)?.role == .admin)
        #expect(try await users.ensureFirstAdmin(password: "ignored password") == nil)
        #expect(try await users.list().count == 1)

        let (other, _) = try await store(backend)
        #expect(try await other.ensureFirstAdmin(password: "from the environment") == nil)
        #expect(try await other.authenticate(name: "admin", password: "from the environment") != nil)
        #expect(UserStore.generatePassword() != UserStore.generatePassword())
    }

    /// A generated first-admin password must be changed: the user is marked
    /// until an operator's `set-password` or the user's own change lifts it;
    /// a password from the environment is not marked.
    @Test(arguments: TestStorage.allCases)
    func aGeneratedFirstAdminPasswordMustBeChanged(_ backend: TestStorage) async throws {
        let (users, _) = try await store(backend)
        let generated = try #require(try await users.ensureFirstAdmin(password: nil))
        #expect(try await users.authenticate(name: "admin", password: generated)?.mustChangePassword == true)
        #expect(try await users.find(name: "admin")?.mustChangePassword == true)
        try await users.setPassword(name: "admin", password: "chosen by the operator")
        #expect(try await users.find(name: "admin")?.mustChangePassword == false)

        let (own, _) = try await store(backend)
        let first = try #require(try await own.ensureFirstAdmin(password: nil))
        await #expect(throws: UserStore.Failure.sameAsOld) { try await own.changeOwnPassword(name: "admin", to: first) }
        await #expect(throws: UserStore.Failure.passwordTooShort(minimum: 10)) {
            try await own.changeOwnPassword(name: "admin", to: "short")
        }
        #expect(try await own.find(name: "admin")?.mustChangePassword == true)
        try await own.changeOwnPassword(name: "admin", to: "my own password")
        #expect(try await own.authenticate(name: "admin", password: "my own password")?.mustChangePassword == false)

        let (given, _) = try await store(backend)
        _ = try await given.ensureFirstAdmin(password: "from the environment")
        #expect(try await given.find(name: "admin")?.mustChangePassword == false)
    }

    /// Two start-ups at once on one data directory, each with its own
    /// connection pool on the same SQLite file (as two processes have): both
    /// succeed, exactly one creates the admin and prints its password.
    @Test func concurrentFirstStartsOnOneFileBothSucceed() async throws {
        for _ in 0..<8 {
            let scratch = try TemporaryDirectory("race")
            defer { scratch.remove() }
            let directory = scratch.path
            let start: @Sendable () async throws -> String? = {
                let users = UserStore(database: try ConsoleDatabase.open(directory: directory), hasher: .fastForTests)
                return try await users.ensureFirstAdmin(password: nil)
            }
            async let first = start()
            async let second = start()
            let passwords = try await [first, second].compactMap { $0 }
            #expect(passwords.count == 1)
            let users = UserStore(database: try ConsoleDatabase.open(directory: directory), hasher: .fastForTests)
            #expect(try await users.list().map(\.name) == ["admin"])
            #expect(try await users.authenticate(name: "admin", password: passwords.first ?? "") != nil)
        }
    }

    /// A data directory from before the "must change password" mark gets
    /// the column on opening, its users unmarked.
    @Test func anOlderDatabaseIsMigrated() async throws {
        let scratch = try TemporaryDirectory("v1")
        defer { scratch.remove() }
        let directory = scratch.path
        do {
            let database = try ConsoleDatabase.open(directory: directory)
            try await UserStore(database: database, hasher: .fastForTests)
                .add(name: "old", role: .admin, password: "an old password")
            // Back to the first schema, as an earlier release left it.
            try await database.storage.write { db in
                try db.execute("ALTER TABLE users DROP COLUMN must_change_password")
                try db.execute("DELETE FROM grdb_migrations WHERE identifier = 'v2-users-must-change-password'")
            }
        }
        let users = UserStore(database: try ConsoleDatabase.open(directory: directory), hasher: .fastForTests)
        #expect(try await users.authenticate(name: "old", password: "an old password")?.mustChangePassword == false)
    }

    @Test func passwordHashesCarrySaltAndParameters() throws {
        let hasher = PasswordHasher.fastForTests
        let a = try hasher.hash("same password"), b = try hasher.hash("same password")
        #expect(a != b) // per-user salt
        #expect(a.hasPrefix("scrypt$16$1$1$"))
        #expect(hasher.verify("same password", against: a) && hasher.verify("same password", against: b))
        #expect(!hasher.verify("other password", against: a))
        // Parameters come from the stored hash, not the current settings.
        #expect(PasswordHasher(n: 1 << 5, r: 2, p: 1).verify("same password", against: a))
        for malformed in ["", "scrypt$16$1$1$$", "bcrypt$16$1$1$AA$AA", "scrypt$15$1$1$AAAA$AAAA", a + "x$"] {
            #expect(!hasher.verify("same password", against: malformed), "\(malformed)")
        }
        // OWASP's 16 MiB setting: memory N·r·128 bytes = 16 MiB, work N·r·p ≥ 2^15·8.
        let standard = PasswordHasher.standard
        #expect(standard.n * standard.r * 128 == 16 << 20)
        #expect(standard.n * standard.r * standard.p >= (1 << 15) * 8)
    }
}
