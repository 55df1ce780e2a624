import AccountsAPI
import HTTPApp
import HTTPServer

/// Maps failures of MeshAgent's accounts API to pages that say what failed
/// and whether anything was saved: unreachable → 503, timeout → 504, broken,
/// invalid or failing answers → 502; the upstream's own 4xx keep their
/// meaning. Handlers that want to show a failure inside their own page catch
/// `UpstreamError` themselves; everything else lands here.
struct UpstreamErrorMiddleware: Middleware {
    /// The whole-call deadline, named in the timeout message.
    let timeout: Duration

    func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Responder<ConsoleContext>) async throws -> HTTPResponse {
        do {
            return try await next(request, context)
        } catch let error as UpstreamError {
            context.logger.warning("upstream call failed", metadata: [
                "upstream.request": "\(error.request)", "upstream.summary": "\(error.summary)",
            ])
            throw Self.httpError(for: error, mutating: request.method != .get && request.method != .head,
                                 timeout: timeout)
        }
    }

    static func httpError(for error: UpstreamError, mutating: Bool, timeout: Duration) -> HTTPError {
        let nothingSaved = mutating ? "nothing was saved." : "nothing was changed."
        // A write that timed out or broke mid-answer may have been applied.
        let unknown = mutating
            ? "GrantDesk cannot tell whether the change was saved: reload the page to check before trying again."
            : nothingSaved
        let seconds = Int(timeout.components.seconds)
        switch error {
        case .timeout:
            return HTTPError(.gatewayTimeout, message: "MeshAgent's accounts API did not answer within \(seconds) s; \(mutating ? unknown : nothingSaved)")
        case .unreachable, .cancelled:
            return HTTPError(.serviceUnavailable, message: "MeshAgent's accounts API could not be reached; \(nothingSaved)")
        case .connectionLost:
            return HTTPError(.badGateway, message: "The connection to MeshAgent's accounts API broke before its answer was complete. \(unknown)")
        case .invalidPayload, .tooLarge:
            return HTTPError(.badGateway, message: "MeshAgent's accounts API sent data GrantDesk could not read (invalid upstream data); \(nothingSaved)")
        case .redirectRefused, .invalidURL:
            return HTTPError(.badGateway, message: "GrantDesk's upstream address is not usable (\(error.summary)); \(nothingSaved)")
        case .server(let failure):
            return HTTPError(.badGateway, message: "MeshAgent's accounts API failed (HTTP \(failure.status)) on \(failure.request); \(nothingSaved)")
        case .other(let failure) where failure.status == 429:
            return HTTPError(.serviceUnavailable, message: "MeshAgent's accounts API is limiting requests (HTTP 429); \(nothingSaved) Try again in a moment.")
        case .other(let failure):
            return HTTPError(.badGateway, message: "MeshAgent's accounts API answered HTTP \(failure.status) on \(failure.request); \(nothingSaved)")
        case .notFound:
            return HTTPError(.notFound, message: "\(error.summary)")
        case .permissionDenied:
            return HTTPError(.forbidden, message: "The MeshAgent token GrantDesk uses is not allowed to do this; \(nothingSaved) \(error.summary)")
        case .conflict:
            return HTTPError(.conflict, message: "\(error.summary) \(nothingSaved.prefix(1).uppercased() + nothingSaved.dropFirst())")
        case .validation:
            return HTTPError(.badRequest, message: "\(error.summary) \(nothingSaved.prefix(1).uppercased() + nothingSaved.dropFirst())")
        }
    }
}
