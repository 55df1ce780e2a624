import Synchronization

/// Histograms (cumulative buckets, sum and count), one per combination of
/// label values.
public final class HistogramFamily: MetricFamily, Sendable {
    /// Seconds, from half a millisecond to ten seconds: request and upstream latencies.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                  1, 2.5, 5, 10]

    /// A reference, so that an observation is one dictionary lookup and no
    /// copy: mutating a struct value in place went through the dictionary's
    /// nested modify accessors, which allocated three times per request.
    /// Touched only under the family's lock.
    private final class Series {
        /// Observations per bucket (not cumulative); the last one is `+Inf`.
        var counts: [UInt64]
        var sum: Double = 0

        init(buckets: Int) { counts = Array(repeating: 0, count: buckets + 1) }
    }

    let name: String
    let help: String
    let labelNames: [String]
    let buckets: [Double]
    private let series = Mutex<[[String]: Series]>([:])

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        precondition(buckets == buckets.sorted() && !buckets.isEmpty, "\(name): buckets must be ascending")
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.buckets = buckets
    }

    /// Records one observation of `value` for `labels`.
    public func observe(_ value: Double, _ labels: [String] = []) {
        precondition(labels.count == labelNames.count, "\(name) takes \(labelNames.count) label values")
        let bucket = buckets.firstIndex { value <= $0 } ?? buckets.count
        series.withLock { all in
            let series: Series
            if let existing = all[labels] {
                series = existing
            } else {
                series = Series(buckets: buckets.count)
                all[labels] = series
            }
            series.counts[bucket] += 1
            series.sum += value
        }
    }

    /// Observations recorded for `labels` (for tests).
    public func count(_ labels: [String] = []) -> UInt64 {
        series.withLock { $0[labels]?.counts.reduce(0, +) ?? 0 }
    }

    func render(into text: inout String) {
        let snapshot = series.withLock { $0.mapValues { (counts: $0.counts, sum: $0.sum) } }
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
