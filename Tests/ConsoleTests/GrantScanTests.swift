@testable import Console
import GrantModel
import Synchronization
import Testing

/// The scan engine on sources that run here: order, bounds, failures, moving lists.
@Suite struct GrantScanTests {
    static func grants(_ count: Int) -> [RoomGrant] {
        (0..<count).map { index in
            RoomGrant(room: Room(id: "r\(index / 10)", name: "room-\(index / 10)"), userID: "u\(index)",
                      permissions: index % 2 == 0 ? ["admin": [:]] : [:])
        }
    }

    @Test func readsEveryPageInOrderWithAtMostParallelismInFlight() async throws {
        let all = Self.grants(1_234)
        let list = GrantSource.list(all, pageSize: 100)
        let inFlight = Mutex((now: 0, most: 0))
        let source = GrantSource(description: "test", pageSize: 100, parallelism: 3) { offset, limit in
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            defer { inFlight.withLock { $0.now -= 1 } }
            await Task.yield()
            return try await list.page(offset, limit)
        }
        var seen: [String] = []
        let outcome = try await GrantScan.run(source) { page in seen += page.map(\.userID) }
        #expect(seen == all.map(\.userID))
        #expect(outcome == GrantScan.Outcome(checked: 1_234, total: 1_234, changedWhileReading: false))
        #expect(inFlight.withLock { $0.most } <= 3)
    }

    struct PageFailure: Error {}

    @Test func aFailedPageFailsTheScan() async throws {
        let all = Self.grants(1_000)
        let source = GrantSource(description: "test", pageSize: 100) { offset, limit in
            if offset == 500 { throw PageFailure() }
            return try await GrantSource.list(all, pageSize: 100).page(offset, limit)
        }
        await #expect(throws: PageFailure.self) { _ = try await GrantScan.run(source) { _ in } }
    }

    @Test func aListThatShrinksWhileReadIsSaidToHaveChanged() async throws {
        let all = Self.grants(1_000)
        let source = GrantSource(description: "test", pageSize: 100) { offset, limit in
            // From the fifth page on, the list has lost 50 grants.
            let now = offset >= 400 ? Array(all.dropLast(50)) : all
            return try await GrantSource.list(now, pageSize: 100).page(offset, limit)
        }
        let outcome = try await GrantScan.run(source) { _ in }
        #expect(outcome.changedWhileReading)
        #expect(outcome.checked == 950)
    }

    @Test func whoCanDecidesEachDistinctScopeOnceAndCountsPerRoom() async throws {
        let all = Self.grants(95)
        let answer = try await WhoCanAnswer.scan(.list(all, pageSize: 20), check: .adminConfig, arguments: ScopeCheckArguments())
        #expect(answer.allowed == 48)
        #expect(answer.rooms.count == 10)
        #expect(answer.rooms.first == WhoCanAnswer.RoomTally(name: "room-0", id: "r0", allowed: 5))
        #expect(answer.outcome.checked == 95)
        let window = try await WhoCanAnswer.scan(.list(all, pageSize: 20), check: .adminConfig, arguments: ScopeCheckArguments(), keep: 10..<20)
        #expect(window.rows.map(\.userID) == all.filter { Int($0.userID.dropFirst())! % 2 == 0 }.dropFirst(10).prefix(10).map(\.userID))
        #expect(window.allowed == 48)
    }
}
