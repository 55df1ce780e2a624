import Dispatch

/// Runs a task's jobs on one connection's serial queue.
///
/// A responder started on this executor begins and, unless it awaits
/// something on another executor, finishes on the connection's queue. The
/// request is enqueued from that queue's own handler, so the job runs in the
/// same drain: no thread wake-up to the cooperative pool and back for every
/// request, which was the largest single cost of a small response.
final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
