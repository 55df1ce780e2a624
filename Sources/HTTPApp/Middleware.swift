public import HTTPServer

/// An endpoint of the pipeline: a route's handler, or the router itself.
///
/// The pipeline's functions run wherever their caller runs
/// (`nonisolated(nonsending)`): the connection's event loop, where the
/// server starts every request. A plain nonisolated async function instead
/// switches to the generic executor on entry and after every call it makes,
/// about forty executor checks per request through this stack.
public typealias Responder<Context: RequestContext> =
    nonisolated(nonsending) @Sendable (HTTPRequest, Context) async throws -> HTTPResponse

/// One stage of the request pipeline. Call `next` to continue, or answer
/// directly; throw to let the error middleware render the failure.
public protocol Middleware<Context>: Sendable {
    associatedtype Context: RequestContext
    nonisolated(nonsending) func handle(
        _ request: HTTPRequest,
        context: Context,
        next: Next<Context>
    ) async throws -> HTTPResponse
}

/// The rest of the pipeline as seen from a middleware: the stages after it,
/// then the endpoint. Called like a function: `try await next(request, context)`.
///
/// A stage and its position rather than a closure per stage: folding the
/// stack into nested closures put a closure, a partial application and a
/// reabstraction thunk (each an async frame, with an executor check on every
/// return) around every middleware of every request.
public struct Next<Context: RequestContext>: Sendable {
    @usableFromInline let pipeline: Pipeline<Context>
    @usableFromInline let position: Int

    /// The stack, first element outermost, around `endpoint`.
    public init(_ middleware: [any Middleware<Context>], endpoint: @escaping Responder<Context>) {
        pipeline = Pipeline(middleware: middleware, endpoint: endpoint)
        position = 0
    }

    /// Straight to `endpoint` (a middleware tested on its own).
    public init(_ endpoint: @escaping Responder<Context>) {
        self.init([], endpoint: endpoint)
    }

    @usableFromInline init(pipeline: Pipeline<Context>, position: Int) {
        self.pipeline = pipeline
        self.position = position
    }

    @inlinable
    public nonisolated(nonsending) func callAsFunction(_ request: HTTPRequest, _ context: Context) async throws -> HTTPResponse {
        guard position < pipeline.middleware.count else { return try await pipeline.endpoint(request, context) }
        return try await pipeline.middleware[position].handle(request, context: context,
                                                              next: Next(pipeline: pipeline, position: position + 1))
    }
}

/// The stages and the endpoint, shared by every ``Next`` of a pipeline.
@usableFromInline final class Pipeline<Context: RequestContext>: Sendable {
    @usableFromInline let middleware: [any Middleware<Context>]
    @usableFromInline let endpoint: Responder<Context>

    init(middleware: [any Middleware<Context>], endpoint: @escaping Responder<Context>) {
        self.middleware = middleware
        self.endpoint = endpoint
    }
}
