@testable import Console
import Foundation
import GrantModel
import Testing
@testable import GrantDeskTesting

/// `grantdesk export`, `plan` and `apply` as real processes against the
/// embedded accounts API on a real socket.
@Suite("Grants as code: export, plan, apply", .serialized)
struct GrantsAsCodeTests {
    static let pid = EmbeddedAccountsHarness.project

    struct Run: Sendable {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs the binary on a thread of its own (the API it talks to runs in this process).
    func grantdesk(_ arguments: [String], upstream: EmbeddedAccountsHarness?, dataDir: String, input: String = "") async throws -> Run {
        let all = arguments + ["--data-dir", dataDir]
            + (upstream.map { ["--upstream", $0.baseURL, "--upstream-token", EmbeddedAccountsHarness.token] } ?? [])
        return try await offload {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
            process.arguments = all
            process.environment = ["USER": "tester"]
            let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
            let output = stdout.fileHandleForReading.readDataToEndOfFile()
            let errors = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                       errors: String(decoding: errors, as: UTF8.self))
        }
    }

    struct Setup {
        let upstream: EmbeddedAccountsHarness
        let scratch: TemporaryDirectory
        var file: String { scratch.path + "/grants.json" }
        var dataDir: String { scratch.path + "/data" }
    }

    func setUp() async throws -> Setup {
        Setup(upstream: try await EmbeddedAccountsHarness(), scratch: try TemporaryDirectory("grants-code"))
    }

    func edit(_ path: String, _ change: (inout [JSONValue]) throws -> Void) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard case .object(var root) = try JSONValue(parsing: text), case .array(var grants)? = root["grants"] else {
            throw TestFailure("not a grants document")
        }
        try change(&grants)
        root["grants"] = .array(grants)
        try Data(JSONValue.object(root).serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test("export then plan: no changes, exit 0; the export is stable and keeps unknown keys")
    func exportThenPlanIsEmpty() async throws {
        let setup = try await setUp()
        defer { Task { await setup.upstream.shutdown() }; setup.scratch.remove() }
        let export = try await grantdesk(["export", "--project", Self.pid, "--output", setup.file], upstream: setup.upstream, dataDir: setup.dataDir)
        #expect(export.status == 0, "\(export.errors)")
        let document = try GrantsDocument(text: try String(contentsOfFile: setup.file, encoding: .utf8))
        #expect(document.grants.count == 60)
        #expect(document.grants.map { [$0.room, $0.userID] } == document.grants.map { [$0.room, $0.userID] }.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(try String(contentsOfFile: setup.file, encoding: .utf8).contains("\"sqlite\""))
        #expect(document.grants.allSatisfy { $0.expiresAt == nil })
        // To standard output, byte for byte the same.
        let again = try await grantdesk(["export", "--project", Self.pid], upstream: setup.upstream, dataDir: setup.dataDir)
        #expect(again.output == (try String(contentsOfFile: setup.file, encoding: .utf8)))
        let plan = try await grantdesk(["plan", setup.file], upstream: setup.upstream, dataDir: setup.dataDir)
        #expect(plan.status == 0, "\(plan.output)\(plan.errors)")
        #expect(plan.output.contains("No changes"))
    }

    @Test("a hand-edited file plans exactly its edits (exit 2); apply makes the next plan empty, audited under the actor")
    func editPlanApply() async throws {
        let setup = try await setUp()
        defer { Task { await setup.upstream.shutdown() }; setup.scratch.remove() }
        _ = try await grantdesk(["export", "--project", Self.pid, "--output", setup.file], upstream: setup.upstream, dataDir: setup.dataDir)
        var removed = ("", ""), changed = ("", "")
        try edit(setup.file) { grants in
            // Delete the first grant, widen the second with admin, add one for user-25 in the first room.
            guard case .string(let room0)? = grants[0].objectValue?["room"], case .string(let user0)? = grants[0].objectValue?["user_id"],
                  case .object(var second) = grants[1], case .string(let room1)? = second["room"], case .string(let user1)? = second["user_id"],
                  case .object(var scope)? = second["permissions"]
            else { throw TestFailure("unexpected export") }
            removed = (room0, user0)
            changed = (room1, user1)
            scope["admin"] = .object(["config": true])
            second["permissions"] = .object(scope)
            grants[1] = .object(second)
            grants.remove(at: 0)
            grants.append(.object(["room": .string("lobby"), "user_id": "local-admin", "permissions": ["messaging": [:]], "expires_at": .null]))
        }
        let plan = try await grantdesk(["plan", setup.file], upstream: setup.upstream, dataDir: setup.dataDir)
        #expect(plan.status == 2, "\(plan.output)\(plan.errors)")
        let lines = plan.output.split(separator: "\n").map(String.init)
        let steps = lines.filter { $0.hasPrefix("+ ") || $0.hasPrefix("~ ") || $0.hasPrefix("- ") }
        #expect(steps.count == 3, "\(plan.output)")
        #expect(steps.contains("+ create lobby / local-admin  [WIDENS ACCESS]"))
        #expect(steps.contains("~ change \(changed.0) / \(changed.1)  [WIDENS ACCESS]"))
        #expect(steps.contains("- delete \(removed.0) / \(removed.1)"))
        #expect(plan.output.contains("Plan: 1 to create, 1 to change (1 widening access), 1 to delete."))

        // Not confirmed: nothing applied.
        let declined = try await grantdesk(["apply", setup.file], upstream: setup.upstream, dataDir: setup.dataDir, input: "no\n")
        #expect(declined.status == 1 && declined.errors.contains("nothing was applied"))
        #expect(try await grantdesk(["plan", setup.file], upstream: setup.upstream, dataDir: setup.dataDir).status == 2)

        let apply = try await grantdesk(["apply", setup.file, "--actor", "ops-bot"], upstream: setup.upstream, dataDir: setup.dataDir,
                                        input: "")
        #expect(apply.status == 1 && apply.errors.contains("no console user"), "an unknown actor is refused")
        let add = try await grantdesk(["users", "add", "ops-bot", "--role", "admin"], upstream: nil, dataDir: setup.dataDir,
                                      input: "a long enough password\n")
        #expect(add.status == 0, "\(add.errors)")
        let applied = try await grantdesk(["apply", setup.file, "--actor", "ops-bot"], upstream: setup.upstream, dataDir: setup.dataDir,
                                          input: "yes\n")
        #expect(applied.status == 0, "\(applied.output)\(applied.errors)")
        #expect(applied.output.contains("[3/3]") && applied.output.contains("Applied 3 of 3 changes"))
        let after = try await grantdesk(["plan", setup.file], upstream: setup.upstream, dataDir: setup.dataDir)
        #expect(after.status == 0, "\(after.output)")

        let database = try ConsoleDatabase.open(directory: setup.dataDir)
        let (audit, _) = try await AuditLog.open(database: database, keyPath: setup.dataDir + "/audit.key")
        let entries = try await audit.entries(project: Self.pid)
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0.actor == "ops-bot" && $0.outcome == "succeeded" })
        #expect(Set(entries.map(\.action)) == ["grant.create", "grant.update", "grant.delete"])
        #expect(Set(entries.map(\.requestID)).count == 1)
        #expect(try await audit.verify().isIntact)
    }

    @Test("a bad file applies nothing and names the document path; exit 1")
    func badFilesApplyNothing() async throws {
        let setup = try await setUp()
        defer { Task { await setup.upstream.shutdown() }; setup.scratch.remove() }
        _ = try await grantdesk(["export", "--project", Self.pid, "--output", setup.file], upstream: setup.upstream, dataDir: setup.dataDir)
        let pristine = try String(contentsOfFile: setup.file, encoding: .utf8)
        let before = try await setup.upstream.client.grants(projectID: Self.pid, limit: 500)
        let cases: [(String, (inout [JSONValue]) throws -> Void, String)] = [
            ("unknown room", { grants in
                grants[0] = .object(["room": "no such room", "user_id": "user-1", "permissions": [:]])
                grants.remove(at: 1)
            }, "grants[0].room: project default has no room named"),
            ("unknown user", { grants in
                grants.append(.object(["room": "lobby", "user_id": "nobody-at-all", "permissions": [:]]))
            }, "grants[60].user_id: no user"),
            ("invalid scope", { grants in
                grants.remove(at: 0)
                grants[2] = .object(["room": "lobby", "user_id": "user-1", "permissions": ["queues": ["send": "jobs"]]])
            }, "grants[2].permissions.queues.send"),
            ("bad expiry", { grants in
                grants[1] = .object(["room": "lobby", "user_id": "user-1", "permissions": [:], "expires_at": "tomorrow"])
            }, "grants[1].expires_at"),
        ]
        for (name, change, message) in cases {
            try Data(pristine.utf8).write(to: URL(fileURLWithPath: setup.file))
            try edit(setup.file, change)
            let applied = try await grantdesk(["apply", setup.file, "--yes"], upstream: setup.upstream, dataDir: setup.dataDir)
            #expect(applied.status == 1, "\(name)")
            #expect(applied.errors.contains(message), "\(name): \(applied.errors)")
            #expect(applied.errors.contains("nothing was done"), "\(name)")
        }
        try Data("{\"project\": \"default\", \"grants\": [".utf8).write(to: URL(fileURLWithPath: setup.file))
        let broken = try await grantdesk(["apply", setup.file, "--yes"], upstream: setup.upstream, dataDir: setup.dataDir)
        #expect(broken.status == 1 && broken.errors.contains("not valid JSON"), "\(broken.errors)")
        #expect(try await grantdesk(["plan", setup.file], upstream: setup.upstream, dataDir: setup.dataDir).status == 1)
        #expect(try await setup.upstream.client.grants(projectID: Self.pid, limit: 500) == before)
    }

    @Test("a failed change stops the run; --keep-going carries on and reports each failure; both audited")
    func keepGoing() async throws {
        let tap = UpstreamTap()
        let upstream = try await EmbeddedAccountsHarness(front: { api in tap.wire(to: api) })
        let scratch = try TemporaryDirectory("grants-code")
        let setup = Setup(upstream: upstream, scratch: scratch)
        defer { Task { await upstream.shutdown() }; scratch.remove() }
        _ = try await grantdesk(["export", "--project", Self.pid, "--output", setup.file], upstream: upstream, dataDir: setup.dataDir)
        try edit(setup.file) { grants in grants.removeFirst(3) }
        tap.fault = .writeStatus(500)
        let stopped = try await grantdesk(["apply", setup.file, "--yes"], upstream: upstream, dataDir: setup.dataDir)
        #expect(stopped.status == 1)
        #expect(stopped.output.contains("[1/3]") && stopped.output.contains("FAILED") && !stopped.output.contains("[2/3]"), "\(stopped.output)")
        #expect(stopped.output.contains("Stopped at the first failure; 2 not attempted"))
        let carried = try await grantdesk(["apply", setup.file, "--yes", "--keep-going"], upstream: upstream, dataDir: setup.dataDir)
        #expect(carried.status == 1)
        #expect(carried.output.contains("[3/3]") && carried.output.contains("Applied 0 of 3 changes") && carried.output.contains("3 failed"))
        tap.fault = .none
        #expect(try await grantdesk(["plan", setup.file], upstream: upstream, dataDir: setup.dataDir).status == 2)
        let (audit, _) = try await AuditLog.open(database: try ConsoleDatabase.open(directory: setup.dataDir),
                                                 keyPath: setup.dataDir + "/audit.key")
        let entries = try await audit.entries(project: Self.pid)
        #expect(entries.count == 4 && entries.allSatisfy { $0.outcome.hasPrefix("failed") && $0.actor == "cli:tester" })
    }
}
