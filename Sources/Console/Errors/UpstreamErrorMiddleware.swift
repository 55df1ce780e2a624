import AccountsAPI
import HTTPApp
import HTTPServer
import Logging

/// The safety net under every handler: an `UpstreamError` a handler let
/// through becomes the same `UpstreamProblem` a handler would have made
/// (a write for any method but GET/HEAD), so no upstream failure reaches the
/// error middleware as an unexplained 500. Handlers that know what they were
/// doing map their failures themselves, with words of their own.
struct UpstreamErrorMiddleware: Middleware {
    nonisolated(nonsending) func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Next<ConsoleContext>) async throws -> HTTPResponse {
        do {
            return try await next(request, context)
        } catch {
            throw Self.explained(error, request, context)
        }
    }

    /// What reaches the error middleware instead of `error`. Not async, so
    /// its values live on the thread's stack, not in the frame every
    /// request's task allocates for this middleware.
    static func explained(_ error: any Error, _ request: HTTPRequest, _ context: ConsoleContext) -> any Error {
        let reading = request.method == .get || request.method == .head
        if let error = error as? UpstreamError {
            return logged(UpstreamProblem(error, reading ? .page("this page") : .write("saving the change")), context)
        }
        if let problem = error as? UpstreamProblem {
            return logged(reading ? problem : problem.asPartOfWrite, context)
        }
        return error
    }

    /// Logs the upstream call (method and path, never the token) and what
    /// the person was told; at info level when the server cancelled the
    /// request because its client went away (nothing failed upstream).
    static func logged(_ problem: UpstreamProblem, _ context: ConsoleContext) -> UpstreamProblem {
        let metadata: Logger.Metadata = [
            "upstream.request": "\(problem.upstream.request)", "upstream.summary": "\(problem.upstream.summary)",
            "http.status": "\(problem.status.code)",
        ]
        if Task.isCancelled {
            context.logger.info("upstream call cancelled: the client went away", metadata: metadata)
        } else {
            context.logger.warning("upstream call failed", metadata: metadata)
        }
        return problem
    }
}
