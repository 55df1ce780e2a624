import CryptoPrimitives
import HTTPApp
import HTTPServer

/// `/metrics` in Prometheus' text format, for a scraper, never for a
/// browser: served to a connection from loopback that did not come through
/// a proxy (no forwarding headers), or to whoever presents
/// `Authorization: Bearer $GRANTDESK_METRICS_TOKEN`. A console session
/// counts for nothing here, so a signed-in admin's browser on another
/// machine gets 403 like anyone else.
struct MetricsController: ConsoleController {
    let metrics: ConsoleMetrics

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.metrics) { request, _ in
            guard Self.mayRead(request, token: metrics.accessToken) else {
                var refused = HTTPResponse(status: .forbidden, contentType: "text/plain; charset=utf-8",
                                           text: "Metrics are served to loopback or to the metrics bearer token only.\n")
                refused.headers.set("Cache-Control", "no-store")
                return refused
            }
            var response = HTTPResponse(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                        text: await metrics.registry.render())
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    static func mayRead(_ request: HTTPRequest, token: String?) -> Bool {
        if let token, let presented = request.headers["Authorization"], presented.hasPrefix("Bearer ") {
            // Digests first, so the comparison does not reveal the token's length either.
            return ConstantTime.equals(SHA256.hash(String(presented.dropFirst("Bearer ".count))), SHA256.hash(token))
        }
        let proxied = request.headers.contains("X-Forwarded-For") || request.headers.contains("Forwarded")
        return !proxied && IPAddress(request.connection.remoteAddress)?.isLoopback == true
    }
}
