public import HTTPServer
public import ServiceMetrics
import Synchronization

/// Counts every request by method, route pattern and status, and records
/// its duration by method and route. Routes, not paths: `/projects/{pid}`
/// is one series however many projects there are, and paths that match no
/// route share the series `unmatched`, so scanning for pages cannot grow
/// the metrics without bound. The route is the context's (`MatchedRoute`,
/// found before the pipeline runs). Place it outermost, beside the request log.
public struct MetricsMiddleware<Context: RequestContext>: Middleware {
    private let requests: CounterFamily
    private let durations: HistogramFamily
    private let known = KnownSeries()

    public init(registry: MetricsRegistry) {
        requests = registry.counter("grantdesk_http_requests_total", help: "HTTP requests answered, by route and status.",
                                    labels: ["method", "route", "status"])
        durations = registry.histogram("grantdesk_http_request_duration_seconds",
                                       help: "Time to answer an HTTP request, by route.", labels: ["method", "route"])
    }

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context.route, status: response.status, since: start)
            return response
        } catch {
            record(request, context.route, status: (error as? any HTTPResponseError)?.status ?? .internalServerError,
                   since: start)
            throw error
        }
    }

    private func record(_ request: HTTPRequest, _ matched: MatchedRoute, status: HTTPStatus, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = matched.pattern ?? (request.path.hasPrefix("/static/") ? "/static/*" : "unmatched")
        // Methods outside the known set already got a 501 from the server.
        let key = KnownSeries.Key(method: request.method.rawValue, route: route, status: status.code)
        let series = known.series(for: key) {
            (requests.series([key.method, key.route, String(key.status)]), durations.series([key.method, key.route]))
        }
        series.count.increment()
        series.duration.observe(seconds)
    }
}

/// The counter and histogram of each (method, route, status) seen: one
/// lookup of three plain values per request, where the families' own
/// lookups hashed two arrays of label strings built for the purpose.
private final class KnownSeries: Sendable {
    struct Key: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private let series = Mutex<[Key: (count: CounterSeries, duration: HistogramSeries)]>([:])

    func series(for key: Key, make: () -> (CounterSeries, HistogramSeries))
        -> (count: CounterSeries, duration: HistogramSeries) {
        series.withLock { all in
            if let found = all[key] { return found }
            let made = make()
            all[key] = made
            return made
        }
    }
}
