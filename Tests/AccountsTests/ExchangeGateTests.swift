@testable import HTTPClient
import Synchronization
import Testing

@Suite("HTTP client concurrency gate")
struct ExchangeGateTests {
    /// Who got through, in order.
    final class Log: Sendable {
        private let entries = Mutex<[Int]>([])
        func append(_ value: Int) { entries.withLock { $0.append(value) } }
        var values: [Int] { entries.withLock { $0 } }
    }

    @Test("a call past the limit waits until one leaves, then goes first in line")
    func waitsForAFreeSlot() async {
        let gate = ExchangeGate(limit: 2)
        await gate.enter()
        await gate.enter()
        let order = Log()
        let third = Task {
            await gate.enter()
            order.append(3)
        }
        for _ in 0..<50 { await Task.yield() }
        #expect(order.values.isEmpty)
        gate.leave()
        await third.value
        #expect(order.values == [3])
        // The freed slot went to the waiter: one more enter must wait for another leave.
        let fourth = Task { await gate.enter(); order.append(4) }
        for _ in 0..<50 { await Task.yield() }
        #expect(order.values == [3])
        gate.leave()
        await fourth.value
        #expect(order.values == [3, 4])
    }
}
