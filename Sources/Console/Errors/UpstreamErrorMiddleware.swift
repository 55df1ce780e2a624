import AccountsAPI
import HTTPApp
import HTTPServer

/// The safety net under every handler: an `UpstreamError` a handler let
/// through becomes the same `UpstreamProblem` a handler would have made
/// (a write for any method but GET/HEAD), so no upstream failure reaches the
/// error middleware as an unexplained 500. Handlers that know what they were
/// doing map their failures themselves, with words of their own.
struct UpstreamErrorMiddleware: Middleware {
    func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Responder<ConsoleContext>) async throws -> HTTPResponse {
        do {
            return try await next(request, context)
        } catch let error as UpstreamError {
            let reading = request.method == .get || request.method == .head
            throw Self.logged(UpstreamProblem(error, reading ? .page("this page") : .write("saving the change")), context)
        } catch let problem as UpstreamProblem {
            let reading = request.method == .get || request.method == .head
            throw Self.logged(reading ? problem : problem.asPartOfWrite, context)
        }
    }

    /// Logs the upstream call (method and path, never the token) and what the person was told.
    static func logged(_ problem: UpstreamProblem, _ context: ConsoleContext) -> UpstreamProblem {
        context.logger.warning("upstream call failed", metadata: [
            "upstream.request": "\(problem.upstream.request)", "upstream.summary": "\(problem.upstream.summary)",
            "http.status": "\(problem.status.code)",
        ])
        return problem
    }
}
