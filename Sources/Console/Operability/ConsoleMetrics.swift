public import AccountsAPI
public import ServiceMetrics

/// The console's metrics: the registry `/metrics` renders, and the
/// families the console records into itself (upstream calls). Request
/// metrics come from `MetricsMiddleware`; connection and session figures
/// are sampled at scrape time (see `ConsoleRuntime`).
public final class ConsoleMetrics: UpstreamCallObserver, Sendable {
    public let registry: MetricsRegistry
    /// The bearer token that may read `/metrics` from other than loopback
    /// (`GRANTDESK_METRICS_TOKEN`); nil allows loopback only.
    let accessToken: String?
    private let upstreamCalls: CounterFamily
    private let upstreamDurations: HistogramFamily

    public init(accessToken: String? = nil, registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        self.accessToken = accessToken.flatMap { $0.isEmpty ? nil : $0 }
        upstreamCalls = registry.counter("grantdesk_upstream_calls_total",
                                         help: "Calls to the accounts API, by operation and outcome.",
                                         labels: ["operation", "outcome"])
        upstreamDurations = registry.histogram("grantdesk_upstream_call_duration_seconds",
                                               help: "Time for a call to the accounts API, by operation.",
                                               labels: ["operation"])
    }

    public func upstreamCall(operation: String, outcome: UpstreamCallOutcome, duration: Duration) {
        upstreamCalls.increment([operation, outcome.rawValue])
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        upstreamDurations.observe(seconds, [operation])
    }
}
