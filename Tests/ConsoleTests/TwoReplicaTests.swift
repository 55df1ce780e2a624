@testable import Console
import Foundation
import Testing
import URLText
@testable import GrantDeskTesting

/// Two real `grantdesk serve` processes on one PostgreSQL database, as two
/// replicas behind a load balancer: they behave as one console.
@Suite(.timeLimit(.minutes(3))) struct TwoReplicaTests {
    static let pid = "default"

    struct Replica {
        let serve: ConcurrentServeTests.Serve
        let port: Int
    }

    static func launch(root: String, name: String, databaseURL: String, upstream: String) throws -> ConcurrentServeTests.Serve {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["serve", "--http", "--port", "0", "--data-dir", root + "/" + name, "--resources", root + "/res",
                             "--upstream", upstream, "--upstream-token", EmbeddedAccountsHarness.token,
                             "--audit-key-file", root + "/audit.key"]
        // The URL by variable, as the README advises (argv is visible to every local user).
        process.environment = ["GRANTDESK_LOG_LEVEL": "notice", "GRANTDESK_DATABASE_URL": databaseURL,
                               "GRANTDESK_ADMIN_PASSWORD": "admin-password-1"]
        let serve = ConcurrentServeTests.Serve(process: process, output: Pipe(), errors: Pipe())
        process.standardOutput = serve.output
        process.standardError = serve.errors
        try process.run()
        return serve
    }

    static func get(_ port: Int, _ path: String, cookie: String) async throws -> ParsedResponse {
        try await RawClient.exchange(port: port, """
            GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nCookie: \(cookie)\r\n\r\n
            """)
    }

    static func post(_ port: Int, _ path: String, cookie: String, form: [(String, String)]) async throws -> ParsedResponse {
        let body = form.map { "\($0.0.percentEncodedComponent())=\($0.1.percentEncodedComponent())" }.joined(separator: "&")
        return try await RawClient.exchange(port: port, """
            POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nCookie: \(cookie)\r\n\
            Origin: http://127.0.0.1:\(port)\r\nContent-Type: application/x-www-form-urlencoded\r\n\
            Content-Length: \(body.utf8.count)\r\n\r\n\(body)
            """)
    }

    /// The session cookie (`name=value`) of a successful sign-in.
    static func session(_ port: Int, _ user: String, _ password: String) async throws -> String {
        let response = try await RawClient.signIn(port: port, user, password)
        guard response.status == 303,
              let cookie = response.headerValues("Set-Cookie").first(where: { $0.hasPrefix("__Host-grantdesk=") })
        else { throw TestFailure("sign-in as \(user) failed: \(response.status)") }
        return String(cookie.split(separator: ";")[0])
    }

    @Test func twoServesOnOnePostgresDatabaseBehaveAsOneConsole() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CommandLineTests.binary), "build the grantdesk product first")
        let databaseURL = try await TestStorage.freshPostgresURL()
        let upstream = try await EmbeddedAccountsHarness(seedDemo: true)
        defer { Task { await upstream.shutdown() } }
        let scratch = try TemporaryDirectory("replicas")
        defer { scratch.remove() }
        let root = scratch.path
        try FileManager.default.createDirectory(atPath: root + "/res/Public", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/res/Templates",
                                                   withDestinationPath: ConsoleHarness.templatesDirectory)
        // One audit key for both: it keys one chain.
        try Data(String(repeating: "ab", count: 32).utf8).write(to: URL(fileURLWithPath: root + "/audit.key"))

        // Started at once on a new database: migrations and the first admin happen once.
        let serves = [try Self.launch(root: root, name: "a", databaseURL: databaseURL, upstream: upstream.baseURL),
                      try Self.launch(root: root, name: "b", databaseURL: databaseURL, upstream: upstream.baseURL)]
        defer { for serve in serves where serve.process.isRunning { kill(serve.process.processIdentifier, SIGKILL) } }
        async let first = ConcurrentServeTests.banner(serves[0])
        async let second = ConcurrentServeTests.banner(serves[1])
        let (a, b) = try await (first.port, second.port)

        // The users command works on the same database.
        let cli = CommandLineTests()
        let environment = ["GRANTDESK_DATABASE_URL": databaseURL]
        let added = try cli.run(["users", "add", "rita", "--role", "reviewer", "--data-dir", root + "/cli"],
                                environment: environment, input: "rita-password!\n")
        #expect(added.status == 0, "\(added.errors)")
        let listed = try cli.run(["users", "list", "--data-dir", root + "/cli"], environment: environment)
        #expect(listed.output.contains("admin\tadmin") && listed.output.contains("rita\treviewer"), "\(listed.output)")

        // A session started on A works on B (and a name in another case signs in, as on SQLite).
        let admin = try await Self.session(a, "ADMIN", "admin-password-1")
        let onB = try await Self.get(b, SiteURL.rooms(Self.pid).path, cookie: admin)
        #expect(onB.status == 200, "\(onB.status)")

        // A one-time submit token used on A is refused on B: one room, and B says so.
        let form = HTMLForm.fields(in: onB.text, action: SiteURL.rooms(Self.pid).path)
            .setting("name", "replicated room")
        let created = try await Self.post(a, SiteURL.rooms(Self.pid).path, cookie: admin, form: form)
        #expect(created.status == 303, "\(created.status) \(created.text)")
        let again = try await Self.post(b, SiteURL.rooms(Self.pid).path, cookie: admin, form: form)
        #expect(again.status == 303)
        #expect(again.header("Location") == created.header("Location"))
        let shown = try await Self.get(b, try #require(again.header("Location")), cookie: admin)
        #expect(shown.text.contains("This form was already submitted"), "\(shown.text)")
        let rooms = try await upstream.client.rooms(projectID: Self.pid, limit: 100, offset: 0, orderBy: .roomName,
                                                    filter: "replicated")
        #expect(rooms.rooms.count == 1)

        // Both write to the audit chain at once: a reviewer's refused changes on both replicas.
        let rita = [try await Self.session(a, "rita", "rita-password!"), try await Self.session(b, "rita", "rita-password!")]
        let tokens = [try #require(try await Self.get(a, "/projects", cookie: rita[0]).csrfToken),
                      try #require(try await Self.get(b, "/projects", cookie: rita[1]).csrfToken)]
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<24 {
                let replica = index % 2
                group.addTask {
                    try await Self.post([a, b][replica], SiteURL.rooms(Self.pid).path, cookie: rita[replica],
                                        form: [("csrf", tokens[replica]), ("name", "nope \(index)")]).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 403 }, "\(statuses)")

        // Login throttling counts across both: five failures alternating, then both refuse.
        for index in 0..<5 {
            #expect(try await RawClient.signIn(port: [a, b][index % 2], "mallory", "wrong password").status == 401)
        }
        #expect(try await RawClient.signIn(port: a, "mallory", "wrong password").status == 429)
        #expect(try await RawClient.signIn(port: b, "mallory", "wrong password").status == 429)

        for serve in serves { serve.process.terminate() }
        for serve in serves { serve.process.waitUntilExit() }

        // One valid chain: the room's begin and complete and 24 refusals.
        let verified = try cli.run(["audit", "verify", "--data-dir", root + "/cli", "--audit-key-file", root + "/audit.key"],
                                   environment: environment)
        #expect(verified.status == 0, "\(verified.output) \(verified.errors)")
        #expect(verified.output.contains("intact (26 rows)"), "\(verified.output)")
        print("two replicas on 127.0.0.1:\(a) and 127.0.0.1:\(b), one PostgreSQL database: \(verified.output)")
    }

    /// A database URL without the shared audit key refuses to start rather
    /// than begin a second chain under a key of its own; the URL's password
    /// appears in no output (the test server trusts loopback, so any password connects).
    @Test func aReplicaWithoutTheSharedAuditKeyRefusesToStart() async throws {
        var components = try #require(URLComponents(string: try await TestStorage.freshPostgresURL()))
        components.password = "s3cret-pw"
        let databaseURL = try #require(components.string)
        let scratch = try TemporaryDirectory("replica-key")
        defer { scratch.remove() }
        let run = try CommandLineTests().run(["serve", "--http", "--port", "0", "--data-dir", scratch.path,
                                              "--upstream", "http://127.0.0.1:9", "--upstream-token", "unused"],
                                             environment: ["GRANTDESK_DATABASE_URL": databaseURL])
        #expect(run.status == 1)
        #expect(run.errors.contains("every replica needs the same audit key"), "\(run.errors)")
        #expect(run.errors.contains("console state in PostgreSQL"), "\(run.errors)")
        #expect(!(run.errors + run.output).contains("s3cret-pw"), "\(run.errors)")
    }

    /// `session.lock` holds across processes: while this test process holds
    /// the audit chain's lock in an open transaction, a serve process's
    /// audited request waits for it (PostgreSQL shows it waiting), and
    /// completes once the lock is released.
    @Test func theAuditLockHoldsAcrossProcesses() async throws {
        let databaseURL = try await TestStorage.freshPostgresURL()
        let scratch = try TemporaryDirectory("replica-lock")
        defer { scratch.remove() }
        let root = scratch.path
        try FileManager.default.createDirectory(atPath: root + "/res/Public", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/res/Templates",
                                                   withDestinationPath: ConsoleHarness.templatesDirectory)
        try Data(String(repeating: "cd", count: 32).utf8).write(to: URL(fileURLWithPath: root + "/audit.key"))
        let serve = try Self.launch(root: root, name: "a", databaseURL: databaseURL, upstream: "http://127.0.0.1:9")
        defer { if serve.process.isRunning { kill(serve.process.processIdentifier, SIGKILL) } }
        let port = try await ConcurrentServeTests.banner(serve).port
        let added = try CommandLineTests().run(["users", "add", "rita", "--role", "reviewer", "--data-dir", root + "/cli"],
                                               environment: ["GRANTDESK_DATABASE_URL": databaseURL], input: "rita-password!\n")
        #expect(added.status == 0, "\(added.errors)")
        let rita = try await Self.session(port, "rita", "rita-password!")
        let token = try #require(try await Self.get(port, "/projects", cookie: rita).csrfToken)

        let holder = try await ConsoleDatabase.open(url: databaseURL)
        let observer = try await ConsoleDatabase.open(url: databaseURL)
        let held = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // The body runs on the storage's own thread, which may block.
        async let holding: Void = holder.storage.write { session in
            try session.lock(AuditRow.appendLock)
            held.signal()
            release.wait()
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { held.wait(); continuation.resume() }
        }
        async let refused = Self.post(port, SiteURL.rooms(Self.pid).path, cookie: rita,
                                      form: [("csrf", token), ("name", "while locked")])
        var waiting = 0
        while waiting == 0 {
            waiting = try await observer.storage.read { session in
                try session.scalar("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")?.int ?? 0
            }
            await Task.yield()
        }
        release.signal()
        try await holding
        #expect(try await refused.status == 403)
        let verified = try await AuditLog(database: observer, key: try #require(AuditKey(bytes: Array(repeating: 0xcd, count: 32))))
            .verify()
        #expect(verified == .intact(rows: 1))
        serve.process.terminate()
        serve.process.waitUntilExit()
    }
}
