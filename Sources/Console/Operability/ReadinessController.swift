import HTTPApp
import HTTPServer

/// `/readyz`: 200 when the database and the upstream answer, else 503 with
/// the part that does not. `/healthz` stays the trivial "the process is up".
struct ReadinessController: ConsoleController {
    let readiness: Readiness

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.readyz) { _, _ in
            let report = await readiness.check()
            let lines = [
                report.isReady ? "ready" : "not ready",
                "database: " + (report.database ?? "ok"),
                "upstream: " + (report.upstream ?? "ok"),
            ]
            var response = HTTPResponse(status: report.isReady ? .ok : .serviceUnavailable,
                                        contentType: "text/plain; charset=utf-8",
                                        text: lines.joined(separator: "\n") + "\n")
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }
}
