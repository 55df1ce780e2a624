import AccountsAPI
import CryptoPrimitives
import Foundation
import Logging

/// `--snapshot-every`: a snapshot of every project the upstream token can
/// see, once per period. Periods are counted from 1970 (period n runs from
/// n × interval), and the replica that first inserts the (project, period)
/// row in `snapshot_schedule` takes that period's snapshot; the others find
/// the row there and skip, so several replicas sharing a database take one.
public struct SnapshotSchedule: Sendable {
    /// Parses `24h`, `30m`, `90s`, `7d` (a number and a unit; at least one minute).
    public static func interval(parsing text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        guard let unit = text.last, let factor = units[unit], let count = Int64(text.dropLast()), count > 0,
              count <= Int64.max / factor / 1_000, count * factor >= 60
        else { return nil }
        return .seconds(count * factor)
    }

    let services: ConsoleServices
    let interval: Duration
    /// Names this replica in the claim rows.
    let replica: String

    public init(services: ConsoleServices, interval: Duration, replica: String = RandomBytes.hexString(byteCount: 6)) {
        self.services = services
        self.interval = interval
        self.replica = replica
    }

    var seconds: Double { Double(interval.components.seconds) }

    func period(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / seconds).rounded(.down)) }

    /// Claims the current period for each visible project and takes the
    /// snapshots it won; returns their ids.
    @discardableResult
    public func runOnce() async -> [Int64] {
        let now = services.clock.now
        guard let projects = try? await services.accounts.projects() else {
            services.logger.warning("scheduled snapshots: the upstream's projects could not be read")
            return []
        }
        var taken: [Int64] = []
        let period = period(at: now)
        for project in projects {
            let pid = project.id
            let replica = self.replica
            let claimed = (try? await services.storage.write { session in
                try session.execute("""
                    INSERT INTO snapshot_schedule (project, period, claimed_by, claimed_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (project, period) DO NOTHING
                    """, .text(pid), .integer(period), .text(replica), SQLValue(now)) == 1
            }) ?? false
            guard claimed else { continue }
            let store = services.snapshotStore
            do {
                let id = try await store.begin(project: pid, by: "schedule", reason: "schedule")
                taken.append(id)
                do {
                    try await store.fill(id, project: pid, client: services.accounts)
                } catch {
                    if (try? await store.info(id))?.status == .taking { try? await store.abandon(id, reason: "The snapshot could not be stored.") }
                }
            } catch {
                services.logger.warning("scheduled snapshot failed", metadata: ["project": "\(pid)"])
            }
        }
        return taken
    }

    /// Runs until cancelled: checks once a minute (or once a period, if
    /// shorter) whether a new period has begun.
    public func run() async {
        while !Task.isCancelled {
            await runOnce()
            let untilNext = seconds - services.clock.now.timeIntervalSince1970.truncatingRemainder(dividingBy: seconds)
            try? await Task.sleep(for: .seconds(min(max(untilNext, 1), 60)))
        }
    }
}
