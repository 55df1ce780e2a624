import HTTPServer
import ServiceMetrics

/// The server's and the session store's figures, read at scrape time.
enum ServerMetrics {
    static func register(server: Server, statistics: ServerStatistics, sessions: SessionStore,
                         in registry: MetricsRegistry) {
        registry.sampled("grantdesk_open_connections", help: "Client connections open now.") {
            Double(server.connectionCount)
        }
        registry.sampled("grantdesk_connections_accepted_total", help: "Client connections accepted since start.",
                         type: .counter) { Double(statistics.acceptedConnections) }
        registry.sampled("grantdesk_connections_refused_total",
                         help: "Client connections closed at accept because a connection cap was reached.",
                         type: .counter) { Double(statistics.refusedConnections) }
        registry.sampled("grantdesk_tls_handshakes_total", help: "TLS handshakes completed since start.",
                         type: .counter) { Double(statistics.tlsHandshakes) }
        registry.sampled("grantdesk_tls_handshake_failures_total", help: "TLS handshakes that failed since start.",
                         type: .counter) { Double(statistics.failedTLSHandshakes) }
        registry.sampled("grantdesk_requests_closed_early_total",
                         help: "Requests whose client closed the connection before the answer (reads among them are cancelled).",
                         type: .counter) { Double(statistics.closedEarlyRequests) }
        registry.sampled("grantdesk_sessions", help: "Console sessions stored (signed in, not yet expired or swept).") {
            Double(try await sessions.count())
        }
    }
}
