import AccountsAPI
import Foundation
import Synchronization

/// Whether this replica can do its work: the console's database answers a
/// read, and the upstream answers a cheap call within a short deadline.
/// The upstream's answer is kept for a few seconds, so a load balancer
/// polling every replica often does not turn into upstream traffic.
final class Readiness: Sendable {
    struct Report: Sendable {
        var database: String?
        var upstream: String?
        var isReady: Bool { database == nil && upstream == nil }
    }

    private let sessions: SessionStore
    private let accounts: AccountsClient
    private let deadline: Duration
    private let cacheFor: Duration
    private let upstreamCache = Mutex<(at: ContinuousClock.Instant, problem: String?)?>(nil)

    init(sessions: SessionStore, accounts: AccountsClient, deadline: Duration = .seconds(2),
         cacheFor: Duration = .seconds(5)) {
        self.sessions = sessions
        self.accounts = accounts
        self.deadline = deadline
        self.cacheFor = cacheFor
    }

    /// What fails, in words safe for an unauthenticated caller (no URLs,
    /// no upstream messages); nil fields are fine.
    func check() async -> Report {
        async let upstream = upstreamProblem()
        var report = Report()
        do {
            _ = try await sessions.count()
        } catch {
            report.database = "failing"
        }
        report.upstream = await upstream
        return report
    }

    private func upstreamProblem() async -> String? {
        let now = ContinuousClock.now
        if let cached = upstreamCache.withLock({ $0 }), now - cached.at < cacheFor { return cached.problem }
        let problem = await callWithDeadline()
        upstreamCache.withLock { $0 = (now, problem) }
        return problem
    }

    private func callWithDeadline() async -> String? {
        let accounts = self.accounts
        let deadline = self.deadline
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do throws(UpstreamError) {
                    _ = try await accounts.projects()
                    return nil
                } catch {
                    return "failing (\(UpstreamCallOutcome(error).rawValue))"
                }
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return Task.isCancelled ? nil : "failing (no answer within \(deadline))"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
