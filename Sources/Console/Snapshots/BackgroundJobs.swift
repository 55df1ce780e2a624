import Synchronization

/// Work a request starts and leaves running (taking a big snapshot), keyed
/// so a later request, the schedule or a test can wait for it. The work's
/// state lives in the database; this only holds the tasks of this process.
public final class BackgroundJobs: Sendable {
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])

    public init() {}

    /// Runs `work` in the background under `key` (replacing a finished job of that key).
    func start(_ key: String, _ work: @escaping @Sendable () async -> Void) {
        let task = Task { await work() }
        tasks.withLock { $0[key] = task }
    }

    /// Waits until the job under `key`, if any, has ended.
    public func wait(_ key: String) async {
        let task = tasks.withLock { $0[key] }
        await task?.value
    }

    /// Waits for every job started so far.
    public func waitForAll() async {
        for task in tasks.withLock({ Array($0.values) }) { await task.value }
    }
}
