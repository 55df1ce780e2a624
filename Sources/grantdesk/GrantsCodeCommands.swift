import AccountsAPI
import ArgumentParser
import Console
import Foundation
import GrantModel

/// `grantdesk export --project P [--output FILE]`: every grant of the project as one JSON document.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every grant of a project as one JSON document (rooms by name, users by id, full scopes), in a stable order."
    )

    @OptionGroup var dataDirectory: DataDirectoryOption
    @OptionGroup var upstream: UpstreamOptions

    @Option(help: "The project id.")
    var project: String

    @Option(help: "Write the document here (default: standard output).")
    var output: String?

    @OptionGroup var consoleDatabase: DatabaseOption

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = try dataDirectory.prepare(environment)
        // Expiries are GrantDesk's own: they live in the console database, not upstream.
        let expiries = GrantExpiryStore(storage: try await consoleDatabase.open(environment, directory: directory).storage,
                                        clock: .system)
        let (accounts, embedded) = try await upstream.connect(dataDirectory: directory, environment: environment)
        defer { if let embedded { Task { await embedded.shutdown() } } }
        let grants: [RoomGrant]
        do {
            grants = try await GrantsPlan.allGrants(project, accounts)
        } catch {
            throw fail("could not read the grants of project \(project): \(error.summary)")
        }
        let expiring = try await expiries.expiryTimes(project: project)
        let document = GrantsDocument(project: project, grants: grants.map {
            GrantsDocument.Entry(room: $0.room.name, userID: $0.userID, permissions: $0.permissions,
                                 expiresAt: expiring[GrantExpiryStore.Key(roomID: $0.room.id, userID: $0.userID)])
        })
        guard let output else {
            FileHandle.standardOutput.write(Data(document.text.utf8))
            return
        }
        do {
            try Data(document.text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw fail("could not write \(output): \(error.localizedDescription)")
        }
        FileHandle.standardError.write(Data("Wrote \(document.grants.count) grants of project \(project) to \(output).\n".utf8))
    }
}

/// Reads and checks a grants document and plans it against the upstream.
enum GrantsFile {
    static func plan(_ path: String, accounts: AccountsClient) async throws -> GrantsPlan {
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read \(path)") }
        let document: GrantsDocument
        do {
            document = try GrantsDocument(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw fail("\(path) is not a valid grants document; nothing was done:\n" + error.problems.map { "  \(path): \($0)" }.joined(separator: "\n"))
        }
        do {
            return try await GrantsPlan.make(document, accounts: accounts)
        } catch let error as GrantsDocumentError {
            throw fail("\(path) does not match project \(document.project); nothing was done:\n" + error.problems.map { "  \(path): \($0)" }.joined(separator: "\n"))
        } catch let error as UpstreamError {
            throw fail("could not read project \(document.project) upstream: \(error.summary)")
        }
    }
}

/// `grantdesk plan FILE`: what applying FILE would change. Exit 0 none, 2 changes, 1 error.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what applying a grants document would create, change (widening marked) and delete.",
        discussion: "Exit status: 0 no changes, 2 changes, 1 error (as Terraform's -detailed-exitcode)."
    )

    @OptionGroup var dataDirectory: DataDirectoryOption
    @OptionGroup var upstream: UpstreamOptions

    @Argument(help: "The grants document (from grantdesk export).")
    var file: String

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let (accounts, embedded) = try await upstream.connect(dataDirectory: try dataDirectory.prepare(environment), environment: environment)
        defer { if let embedded { Task { await embedded.shutdown() } } }
        let plan = try await GrantsFile.plan(file, accounts: accounts)
        for line in plan.lines { say(line) }
        if !plan.isEmpty { throw ExitCode(2) }
    }
}

/// `grantdesk apply FILE [--yes] [--keep-going] [--actor NAME]`.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a grants document: show the plan, ask, make the changes with progress, audited.",
        discussion: "Exit status: 0 done (or nothing to do), 1 error: an invalid file applies nothing; a failed change stops the run unless --keep-going."
    )

    @OptionGroup var dataDirectory: DataDirectoryOption
    @OptionGroup var upstream: UpstreamOptions

    @Argument(help: "The grants document (from grantdesk export).")
    var file: String

    @Flag(help: "Apply without asking (for scripts).")
    var yes = false

    @Flag(help: "Carry on after a failed change (each failure is reported).")
    var keepGoing = false

    @Option(help: "The console user the audit log names (an admin, see grantdesk users list); default: cli:$USER.")
    var actor: String?

    @Option(name: .customLong("audit-key-file"), help: "The audit chain's key (default: audit.key in the data directory).")
    var auditKeyFile: String?

    @OptionGroup var consoleDatabase: DatabaseOption

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = try dataDirectory.prepare(environment)
        let database = try await consoleDatabase.open(environment, directory: directory)
        // On a shared database the key must be the replicas' own: never start a second chain.
        let (audit, _) = try await AuditLog.open(database: database, keyPath: auditKeyFile ?? directory + "/" + AuditKey.fileName,
                                                 mayCreateKey: consoleDatabase.resolve(environment) == nil)
        let user: ConsoleUser
        if let actor {
            guard let found = try await UserStore(database: database).find(name: actor) else {
                throw fail("--actor \(actor): there is no console user of that name (grantdesk users list); nothing was done.")
            }
            guard found.isAdmin else { throw fail("--actor \(actor) is a reviewer; reviewers change nothing. Nothing was done.") }
            user = found
        } else {
            user = ConsoleUser(name: "cli:\(environment["USER"] ?? "unknown")", role: .admin)
        }
        let (accounts, embedded) = try await upstream.connect(dataDirectory: directory, environment: environment)
        defer { if let embedded { Task { await embedded.shutdown() } } }
        let plan = try await GrantsFile.plan(file, accounts: accounts)
        for line in plan.lines { say(line) }
        guard !plan.isEmpty else { return }
        if !yes {
            say("Apply these \(plan.steps.count) changes to project \(plan.project)? Only 'yes' goes ahead: ", newline: false)
            guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                throw fail("not confirmed; nothing was applied.")
            }
        }
        let applier = GrantsApplier(accounts: accounts, audit: audit, actor: user, operationID: "apply-" + UUID().uuidString.lowercased())
        let total = plan.steps.count
        let outcomes = try await applier.apply(plan, keepGoing: keepGoing) { index, outcome in
            let what = "\(outcome.step.action.rawValue) \(outcome.step.room) / \(outcome.step.userID)"
            say("[\(index + 1)/\(total)] \(what): \(outcome.failure.map { "FAILED: \($0)" } ?? "done")")
        }
        let failed = outcomes.filter { $0.failure != nil }.count
        let done = outcomes.count - failed
        say("Applied \(done) of \(total) changes (operation \(applier.operationID) in the audit log)."
              + (failed > 0 ? " \(failed) failed." : "") + (outcomes.count < total ? " Stopped at the first failure; \(total - outcomes.count) not attempted." : ""))
        if failed > 0 { throw ExitCode(1) }
    }
}
