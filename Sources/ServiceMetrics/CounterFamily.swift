import Synchronization

/// Counters that only go up, one per combination of label values.
public final class CounterFamily: MetricFamily, Sendable {
    let name: String
    let help: String
    let labelNames: [String]
    private let counters = Mutex<[[String]: CounterSeries]>([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Adds `amount` to the counter for `labels` (one value per label name).
    public func increment(_ labels: [String] = [], by amount: Double = 1) {
        series(labels).increment(by: amount)
    }

    /// The counter for `labels`, made on first use: a caller counting the
    /// same labels on every request keeps it, and skips finding it again.
    public func series(_ labels: [String]) -> CounterSeries {
        precondition(labels.count == labelNames.count, "\(name) takes \(labelNames.count) label values")
        return counters.withLock { all in
            if let existing = all[labels] { return existing }
            let made = CounterSeries()
            all[labels] = made
            return made
        }
    }

    /// The current value for `labels` (for tests).
    public func value(_ labels: [String] = []) -> Double {
        counters.withLock { $0[labels] }?.value ?? 0
    }

    func render(into text: inout String) {
        let snapshot = counters.withLock { $0 }
        PrometheusText.header(name: name, help: help, type: "counter", into: &text)
        for (labels, counter) in snapshot.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            PrometheusText.sample(name, labels: Array(zip(labelNames, labels)), value: counter.value, into: &text)
        }
    }
}

/// One counter of a family: the count for one combination of label values.
public final class CounterSeries: Sendable {
    private let total = Mutex<Double>(0)

    init() {}

    public func increment(by amount: Double = 1) {
        total.withLock { $0 += amount }
    }

    var value: Double { total.withLock { $0 } }
}
