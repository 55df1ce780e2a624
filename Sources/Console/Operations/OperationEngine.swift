public import AccountsAPI
import Foundation
public import Logging
import Synchronization

/// Runs operations in the background: items a few at a time, each recorded
/// in the console database as it ends, so any replica shows progress and a
/// restart leaves the unfinished items as interrupted (retryable).
///
/// Membership removals run last, and only when every grant item before them
/// ended without failing: removing a person while some of their grants could
/// not be revoked would hide those grants from the member list.
public final class OperationEngine: Sendable {
    let store: OperationStore
    let runner: OperationItemRunner
    let logger: Logger
    /// How many items talk to the upstream at once.
    let concurrency: Int
    private let tasks = Mutex<[OperationID: Task<Void, Never>]>([:])

    public init(storage: any ConsoleStorage, accounts: AccountsClient, audit: AuditLog, expiries: GrantExpiryStore,
                clock: ConsoleClock, logger: Logger, concurrency: Int = 4) {
        store = OperationStore(storage: storage, clock: clock)
        runner = OperationItemRunner(accounts: accounts, audit: audit, expiries: expiries)
        self.logger = logger
        self.concurrency = max(1, concurrency)
    }

    /// Records `plan` and starts running it; returns its id at once. The
    /// same `submission` token twice (a double submit) starts it once and
    /// returns the same id.
    public func start(_ plan: OperationPlan, actor: OperationActor, submission: String? = nil) async throws -> OperationID {
        try await start(plan, actor: actor, submission: submission, retryOf: nil)
    }

    private func start(_ plan: OperationPlan, actor: OperationActor, submission: String?,
                       retryOf: OperationID?) async throws -> OperationID {
        let (id, created) = try await store.create(plan, actor: actor, submission: submission, retryOf: retryOf)
        guard created else { return id }
        let context = OperationItemRunner.Context(id: id, project: plan.project, kind: plan.kind, tag: plan.tag, actor: actor)
        // Registered under the lock the task's own removal takes, so a task
        // that ends at once cannot leave its entry behind.
        tasks.withLock { tasks in
            tasks[id] = Task { [self] in
                await run(plan.items, context)
                _ = self.tasks.withLock { $0.removeValue(forKey: id) }
            }
        }
        return id
    }

    /// The operation an earlier submit of the same form started, if any:
    /// a double submit shows it instead of previewing again.
    public func started(bySubmission submission: String?) async throws -> OperationID? {
        guard let submission else { return nil }
        return try await store.operation(bySubmission: submission)
    }

    /// A new operation of the failed and interrupted items of `id`, for
    /// `actor`; nil when there is none to retry (or no such operation).
    public func retry(_ id: OperationID, project: String, actor: OperationActor, submission: String? = nil) async throws -> OperationID? {
        guard let status = try await store.status(id, project: project), !status.isRunning else { return nil }
        let items = status.retryable.map(\.item)
        guard !items.isEmpty else { return nil }
        let plan = OperationPlan(project: project, kind: status.kind, label: "Retry: \(status.label)", tag: status.tag, items: items)
        return try await start(plan, actor: actor, submission: submission, retryOf: id)
    }

    /// The operation as stored, if it belongs to `project`.
    public func status(_ id: OperationID, project: String) async throws -> OperationStatus? {
        try await store.status(id, project: project)
    }

    /// Records operations left running by a process that stopped; start-up calls this.
    @discardableResult
    public func interruptStale() async throws -> Int { try await store.interruptStale() }

    /// Waits until `id`, if it runs in this process, has finished (tests, shutdown).
    public func waitUntilFinished(_ id: OperationID) async {
        let task = tasks.withLock { $0[id] }
        await task?.value
    }

    /// Waits for every operation running in this process (tests of work that starts one, like a review's apply).
    public func waitForAll() async {
        for task in tasks.withLock({ Array($0.values) }) { await task.value }
    }

    private func run(_ items: [OperationItem], _ context: OperationItemRunner.Context) async {
        let indexed = Array(items.enumerated())
        let grants = indexed.filter { if case .removeMember = $0.element.action { false } else { true } }
        let members = indexed.filter { if case .removeMember = $0.element.action { true } else { false } }
        let beat = Task { [store] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(5))
                try? await store.heartbeat(context.id)
            }
        }
        defer { beat.cancel() }
        let failures = await withTaskGroup(of: Bool.self) { group in
            var failures = 0
            var next = grants.makeIterator()
            for _ in 0..<concurrency {
                guard let (position, item) = next.next() else { break }
                group.addTask { await self.runOne(item, position: position, context) }
            }
            for await failed in group {
                if failed { failures += 1 }
                if let (position, item) = next.next() {
                    group.addTask { await self.runOne(item, position: position, context) }
                }
            }
            return failures
        }
        for (position, item) in members {
            if failures > 0 {
                await record(context.id, position, .failed,
                             "Not removed: \(failures) grant\(failures == 1 ? "" : "s") of this operation could not be revoked. Retry them first; this removal is retried with them.")
            } else {
                _ = await runOne(item, position: position, context)
            }
        }
        do {
            try await store.finish(context.id)
        } catch {
            logger.error("could not record an operation as finished", metadata: ["operation": "\(context.id)", "error": "\(error)"])
        }
    }

    /// Runs one item; returns whether it failed.
    private func runOne(_ item: OperationItem, position: Int, _ context: OperationItemRunner.Context) async -> Bool {
        await record(context.id, position, .running, nil)
        let (status, detail): (OperationItemStatus, String?)
        do {
            (status, detail) = try await runner.run(item, in: context)
        } catch {
            // The audit log or the database failed, not the upstream.
            logger.error("an operation item could not be recorded", metadata: ["operation": "\(context.id)", "error": "\(error)"])
            (status, detail) = (.failed, "GrantDesk could not record this change in its audit log, so it stopped here. Check the audit log before retrying.")
        }
        await record(context.id, position, status, detail)
        return status == .failed
    }

    private func record(_ id: OperationID, _ position: Int, _ status: OperationItemStatus, _ detail: String?) async {
        do {
            try await store.set(id, position: position, status, detail: detail)
        } catch {
            logger.error("could not record an operation item", metadata: ["operation": "\(id)", "error": "\(error)"])
        }
    }
}
