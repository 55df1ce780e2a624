import Synchronization

/// Counters that only go up, one per combination of label values.
public final class CounterFamily: MetricFamily, Sendable {
    let name: String
    let help: String
    let labelNames: [String]
    private let values = Mutex<[[String]: Double]>([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Adds `amount` to the counter for `labels` (one value per label name).
    public func increment(_ labels: [String] = [], by amount: Double = 1) {
        precondition(labels.count == labelNames.count, "\(name) takes \(labelNames.count) label values")
        values.withLock { $0[labels, default: 0] += amount }
    }

    /// The current value for `labels` (for tests).
    public func value(_ labels: [String] = []) -> Double {
        values.withLock { $0[labels] ?? 0 }
    }

    func render(into text: inout String) {
        let snapshot = values.withLock { $0 }
        PrometheusText.header(name: name, help: help, type: "counter", into: &text)
        for (labels, value) in snapshot.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            PrometheusText.sample(name, labels: Array(zip(labelNames, labels)), value: value, into: &text)
        }
    }
}
