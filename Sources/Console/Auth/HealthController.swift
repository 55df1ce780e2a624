import HTTPApp
import HTTPServer

/// `/healthz` for load balancers, and `/` sending people to the projects list.
struct HealthController: ConsoleController {
    func register(on router: inout Router<ConsoleContext>) {
        router.get(.healthz) { _, _ in
            var response = HTTPResponse(status: .ok, contentType: "text/plain; charset=utf-8", text: "ok")
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.get(.root) { _, _ in Redirect.to(.projects) }
    }
}
