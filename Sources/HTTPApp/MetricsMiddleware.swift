public import HTTPServer
public import ServiceMetrics

/// Counts every request by method, route pattern and status, and records
/// its duration by method and route. Routes, not paths: `/projects/{pid}`
/// is one series however many projects there are, and paths that match no
/// route share the series `unmatched`, so scanning for pages cannot grow
/// the metrics without bound. Place it outermost, beside the request log.
public struct MetricsMiddleware<Context: RequestContext>: Middleware {
    private let requests: CounterFamily
    private let durations: HistogramFamily
    private let pattern: @Sendable (HTTPRequest) -> String?

    /// - Parameter pattern: the route a request reaches (`Router.patternFinder()`).
    public init(registry: MetricsRegistry, pattern: @escaping @Sendable (HTTPRequest) -> String?) {
        requests = registry.counter("grantdesk_http_requests_total", help: "HTTP requests answered, by route and status.",
                                    labels: ["method", "route", "status"])
        durations = registry.histogram("grantdesk_http_request_duration_seconds",
                                       help: "Time to answer an HTTP request, by route.", labels: ["method", "route"])
        self.pattern = pattern
    }

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, status: response.status, since: start)
            return response
        } catch {
            record(request, status: (error as? any HTTPResponseError)?.status ?? .internalServerError, since: start)
            throw error
        }
    }

    private func record(_ request: HTTPRequest, status: HTTPStatus, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = pattern(request) ?? (request.path.hasPrefix("/static/") ? "/static/*" : "unmatched")
        // Methods outside the known set already got a 501 from the server.
        let method = request.method.rawValue
        requests.increment([method, route, String(status.code)])
        durations.observe(seconds, [method, route])
    }
}
