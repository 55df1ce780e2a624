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
/// A chain of stages rather than a closure per stage: folding the stack
/// into nested closures put a closure, a partial application and a
/// reabstraction thunk (each an async frame, with an executor check on every
/// return) around every middleware of every request. Each stage is an
/// object holding its middleware, so calling it reads the middleware in
/// place: taking it out of an array copied the existential, which asked the
/// runtime for the metadata of `any Middleware<Context>` (a hashed cache
/// lookup) at every stage of every request.
public struct Next<Context: RequestContext>: Sendable {
    /// The next stage, or nil when only the endpoint is left.
    @usableFromInline let stage: Stage<Context>?
    @usableFromInline let endpoint: Responder<Context>

    /// The stack, first element outermost, around `endpoint`.
    public init(_ middleware: [any Middleware<Context>], endpoint: @escaping Responder<Context>) {
        var next = Next(stage: nil, endpoint: endpoint)
        for stage in middleware.reversed() {
            next = Next(stage: Stage(middleware: stage, next: next), endpoint: endpoint)
        }
        self = next
    }

    /// Straight to `endpoint` (a middleware tested on its own).
    public init(_ endpoint: @escaping Responder<Context>) {
        self.init([], endpoint: endpoint)
    }

    @usableFromInline init(stage: Stage<Context>?, endpoint: @escaping Responder<Context>) {
        self.stage = stage
        self.endpoint = endpoint
    }

    @inlinable
    public nonisolated(nonsending) func callAsFunction(_ request: HTTPRequest, _ context: Context) async throws -> HTTPResponse {
        guard let stage else { return try await endpoint(request, context) }
        return try await stage.middleware.handle(request, context: context, next: stage.next)
    }
}

/// One middleware and what comes after it.
@usableFromInline final class Stage<Context: RequestContext>: Sendable {
    @usableFromInline let middleware: any Middleware<Context>
    @usableFromInline let next: Next<Context>

    init(middleware: any Middleware<Context>, next: Next<Context>) {
        self.middleware = middleware
        self.next = next
    }
}
