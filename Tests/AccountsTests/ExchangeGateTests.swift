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
        #expect(await gate.enter())
        #expect(await gate.enter())
        let order = Log()
        let third = Task {
            #expect(await gate.enter())
            order.append(3)
        }
        for _ in 0..<50 { await Task.yield() }
        #expect(order.values.isEmpty)
        gate.leave()
        await third.value
        #expect(order.values == [3])
        // The freed slot went to the waiter: one more enter must wait for another leave.
        let fourth = Task {
            #expect(await gate.enter())
            order.append(4)
        }
        for _ in 0..<50 { await Task.yield() }
        #expect(order.values == [3])
        gate.leave()
        await fourth.value
        #expect(order.values == [3, 4])
    }

    @Test("a waiter whose task is cancelled leaves the line at once, holding no slot; the next in line gets the freed one")
    func cancelledWaiterLeaves() async {
        let gate = ExchangeGate(limit: 1)
        #expect(await gate.enter())
        let order = Log()
        let cancelled = Task {
            let admitted = await gate.enter()
            order.append(admitted ? 1 : -1)
        }
        let patient = Task {
            #expect(await gate.enter())
            order.append(2)
        }
        for _ in 0..<50 { await Task.yield() }
        #expect(order.values.isEmpty)
        cancelled.cancel()
        await cancelled.value
        // Gone without a slot: nobody left, yet the cancelled waiter is answered.
        #expect(order.values == [-1])
        gate.leave()
        await patient.value
        #expect(order.values == [-1, 2])
        gate.leave()
        // The slot is back: the next enter passes at once.
        #expect(await gate.enter())
    }

    @Test("an already cancelled task is refused even with a slot free")
    func cancelledBeforeEntering() async {
        let gate = ExchangeGate(limit: 4)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await gate.enter()
        }
        #expect(await task.value == false)
        // The refusal took no slot: all four are still free.
        for _ in 0..<4 { #expect(await gate.enter()) }
    }
}
