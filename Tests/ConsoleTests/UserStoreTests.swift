@testable import Console
import Foundation
import Testing

@Suite struct UserStoreTests {
    func store() throws -> (UserStore, ConsoleDatabase) {
        let database = try ConsoleDatabase.inMemory()
        return (UserStore(database: database, hasher: .fastForTests), database)
    }

    @Test func addListAuthenticate() async throws {
        let (users, _) = try store()
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
    }

    @Test func refusesBadNamesShortPasswordsAndRemovingTheLastAdmin() async throws {
        let (users, _) = try store()
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

    @Test func setPasswordEndsTheUsersSessionsAndRemoveDeletesThem() async throws {
        let (users, database) = try store()
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

    @Test func firstAdminIsCreatedOnceWithAGivenOrGeneratedPassword() async throws {
        let (users, _) = try store()
        let generated = try #require(try await users.ensureFirstAdmin(password: nil))
        #expect(generated.count == 20)
        #expect(try await users.authenticate(name: "admin", password: generated)?.role == .admin)
        #expect(try await users.ensureFirstAdmin(password: "ignored password") == nil)
        #expect(try await users.list().count == 1)

        let (other, _) = try store()
        #expect(try await other.ensureFirstAdmin(password: "from the environment") == nil)
        #expect(try await other.authenticate(name: "admin", password: "from the environment") != nil)
        #expect(UserStore.generatePassword() != UserStore.generatePassword())
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
        #expect(PasswordHasher.standard.n == 1 << 15 && PasswordHasher.standard.r == 8)
    }
}
