import Synchronization

/// Histograms (cumulative buckets, sum and count), one per combination of
/// label values.
public final class HistogramFamily: MetricFamily, Sendable {
    /// Seconds, from half a millisecond to ten seconds: request and upstream latencies.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                  1, 2.5, 5, 10]

    let name: String
    let help: String
    let labelNames: [String]
    let buckets: [Double]
    private let histograms = Mutex<[[String]: HistogramSeries]>([:])

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        precondition(buckets == buckets.sorted() && !buckets.isEmpty, "\(name): buckets must be ascending")
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.buckets = buckets
    }

    /// Records one observation of `value` for `labels`.
    public func observe(_ value: Double, _ labels: [String] = []) {
        series(labels).observe(value)
    }

    /// The histogram for `labels`, made on first use: a caller observing the
    /// same labels on every request keeps it, and skips finding it again.
    public func series(_ labels: [String]) -> HistogramSeries {
        precondition(labels.count == labelNames.count, "\(name) takes \(labelNames.count) label values")
        return histograms.withLock { all in
            if let existing = all[labels] { return existing }
            let made = HistogramSeries(buckets: buckets)
            all[labels] = made
            return made
        }
    }

    /// Observations recorded for `labels` (for tests).
    public func count(_ labels: [String] = []) -> UInt64 {
        histograms.withLock { $0[labels] }?.snapshot.counts.reduce(0, +) ?? 0
    }

    func render(into text: inout String) {
        let snapshot = histograms.withLock { $0 }.mapValues(\.snapshot)
        PrometheusText.header(name: name, help: help, type: "histogram", into: &text)
        for (labels, series) in snapshot.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let pairs = Array(zip(labelNames, labels))
            var cumulative: UInt64 = 0
            for (index, bound) in buckets.enumerated() {
                cumulative += series.counts[index]
                PrometheusText.sample(name + "_bucket", labels: pairs + [("le", PrometheusText.number(bound))],
                                      value: Double(cumulative), into: &text)
            }
            cumulative += series.counts[buckets.count]
            PrometheusText.sample(name + "_bucket", labels: pairs + [("le", "+Inf")], value: Double(cumulative), into: &text)
            PrometheusText.sample(name + "_sum", labels: pairs, value: series.sum, into: &text)
            PrometheusText.sample(name + "_count", labels: pairs, value: Double(cumulative), into: &text)
        }
    }
}

/// One histogram of a family: the observations for one combination of
/// label values.
public final class HistogramSeries: Sendable {
    /// Observations per bucket (not cumulative); the last one is `+Inf`.
    struct Snapshot {
        var counts: [UInt64]
        var sum: Double = 0
    }

    private let buckets: [Double]
    private let state: Mutex<Snapshot>

    init(buckets: [Double]) {
        self.buckets = buckets
        state = Mutex(Snapshot(counts: Array(repeating: 0, count: buckets.count + 1)))
    }

    public func observe(_ value: Double) {
        let bucket = buckets.firstIndex { value <= $0 } ?? buckets.count
        state.withLock { state in
            state.counts[bucket] += 1
            state.sum += value
        }
    }

    var snapshot: Snapshot { state.withLock { $0 } }
}
