public import HTTPServer

/// The next step of the pipeline, as seen from a middleware.
public typealias Responder<Context: RequestContext> =
    @Sendable (HTTPRequest, Context) async throws -> HTTPResponse

/// One stage of the request pipeline. Call `next` to continue, or answer
/// directly; throw to let the error middleware render the failure.
public protocol Middleware<Context>: Sendable {
    associatedtype Context: RequestContext
    func handle(
        _ request: HTTPRequest,
        context: Context,
        next: Responder<Context>
    ) async throws -> HTTPResponse
}

extension Array {
    /// Folds middleware around an endpoint, first element outermost.
    public func wrapping<Context: RequestContext>(
        _ endpoint: @escaping Responder<Context>
    ) -> Responder<Context> where Element == any Middleware<Context> {
        reversed().reduce(endpoint) { next, middleware in
            { request, context in try await middleware.handle(request, context: context, next: next) }
        }
    }
}
