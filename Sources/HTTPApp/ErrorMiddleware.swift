public import HTTPServer
import Logging

/// Turns every error thrown further in into a rendered error response: the
/// one place errors are mapped.
///
/// An `HTTPResponseError` keeps its status, message and headers. Anything
/// else becomes a 500 with a generic message; its text goes only to the
/// log (at error level, with the request id). Every 5xx is logged; a
/// request cancelled because its client went away is logged at info level.
/// Error responses get `Cache-Control: no-store` unless the renderer set one.
public struct ErrorMiddleware<Context: RequestContext>: Middleware {
    /// Renders a page for a request; the app supplies its HTML version.
    public typealias Renderer = @Sendable (ErrorPage, HTTPRequest, Context) -> HTTPResponse

    /// The message shown for errors that are not `HTTPResponseError`.
    public static var genericMessage: String {
        "Something went wrong on our side. Please try again; if it keeps happening, quote the request id."
    }

    /// The message for a request cancelled because its client went away.
    public static var cancelledMessage: String {
        "The request was cancelled: the connection closed before it was answered. Nothing was changed."
    }

    private let render: Renderer

    /// Uses `render` for every error page.
    public init(render: @escaping Renderer) {
        self.render = render
    }

    /// Uses `defaultRender`: JSON under `/api/`, plain text elsewhere.
    public init() {
        self.render = Self.defaultRender
    }

    /// JSON for paths under `/api/`, plain text otherwise. Apps with an HTML
    /// renderer can call this for the API paths.
    @Sendable public static func defaultRender(_ page: ErrorPage, _ request: HTTPRequest, _ context: Context) -> HTTPResponse {
        ErrorPage.isAPIPath(request.path) ? page.jsonResponse() : page.plainTextResponse()
    }

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        do {
            return try await next(request, context)
        } catch {
            return response(for: error, request: request, context: context)
        }
    }

    private func response(for error: any Error, request: HTTPRequest, context: Context) -> HTTPResponse {
        let page: ErrorPage
        var extraHeaders = HTTPHeaders()
        if Task.isCancelled {
            // The server cancels a safe request whose client has gone; what
            // failed after that failed for it, and nobody reads this page.
            page = ErrorPage(status: .serviceUnavailable, message: Self.cancelledMessage, requestID: context.requestID)
            context.logger.info("request cancelled: the client went away", metadata: errorMetadata(error, status: page.status, context))
        } else if let known = error as? any HTTPResponseError {
            page = ErrorPage(status: known.status, message: known.message, requestID: context.requestID)
            extraHeaders = known.headers
            if known.status.code >= 500 {
                context.logger.error("request failed", metadata: errorMetadata(error, status: known.status, context))
            }
        } else {
            page = ErrorPage(status: .internalServerError, message: Self.genericMessage, requestID: context.requestID)
            context.logger.error("unhandled error", metadata: errorMetadata(error, status: page.status, context))
        }
        var response = render(page, request, context)
        for name in Set(extraHeaders.map { $0.name.lowercased() }) { response.headers.remove(name) }
        for (name, value) in extraHeaders { response.headers.add(name, value) }
        if !response.headers.contains("Cache-Control") { response.headers.set("Cache-Control", "no-store") }
        return response
    }

    private func errorMetadata(_ error: any Error, status: HTTPStatus, _ context: Context) -> Logger.Metadata {
        [
            "request.id": .string(context.requestID),
            "http.status": .stringConvertible(status.code),
            "error": .string(String(reflecting: error)),
        ]
    }
}
