import Synchronization

/// The process's metrics, written out in Prometheus' text format
/// (version 0.0.4) by ``render()``. Families are registered once, at
/// start-up, and updated from any thread; each keeps its own lock, so
/// recording never waits for a scrape of another family.
public final class MetricsRegistry: Sendable {
    private let families = Mutex<[any MetricFamily]>([])
    private let samplers = Mutex<[GaugeSampler]>([])

    public init() {}

    /// A counter family; `labels` are its label names, in order.
    public func counter(_ name: String, help: String, labels: [String] = []) -> CounterFamily {
        register(CounterFamily(name: name, help: help, labelNames: labels))
    }

    /// A histogram family with the given upper bounds (`+Inf` is implied).
    public func histogram(_ name: String, help: String, labels: [String] = [],
                          buckets: [Double] = HistogramFamily.latencyBuckets) -> HistogramFamily {
        register(HistogramFamily(name: name, help: help, labelNames: labels, buckets: buckets))
    }

    /// A value read when the metrics are scraped (open connections, active
    /// sessions, a count kept elsewhere): nothing to keep up to date in
    /// between. `type` is `gauge`, or `counter` for a total that only grows.
    /// A sampler that throws leaves its metric out of that scrape.
    public func sampled(_ name: String, help: String, type: SampledType = .gauge,
                        sample: @escaping @Sendable () async throws -> Double) {
        samplers.withLock { $0.append(GaugeSampler(name: name, help: help, type: type, sample: sample)) }
    }

    /// The Prometheus type of a sampled metric.
    public enum SampledType: String, Sendable {
        case gauge
        case counter
    }

    /// Every family and gauge, in registration order.
    public func render() async -> String {
        var text = ""
        for family in families.withLock({ $0 }) { family.render(into: &text) }
        for sampler in samplers.withLock({ $0 }) {
            guard let value = try? await sampler.sample() else { continue }
            PrometheusText.header(name: sampler.name, help: sampler.help, type: sampler.type.rawValue, into: &text)
            PrometheusText.sample(sampler.name, labels: [], value: value, into: &text)
        }
        return text
    }

    private func register<Family: MetricFamily>(_ family: Family) -> Family {
        families.withLock { $0.append(family) }
        return family
    }
}

/// What the registry needs from a family: its lines.
protocol MetricFamily: Sendable {
    func render(into text: inout String)
}

private struct GaugeSampler: Sendable {
    let name: String
    let help: String
    let type: MetricsRegistry.SampledType
    let sample: @Sendable () async throws -> Double
}
