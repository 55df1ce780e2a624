public import HTTPServer
public import Logging
import Synchronization

/// The request-id counter, shared by every application in the process.
private let requestCounter: Atomic<UInt64> = {
    var generator = SystemRandomNumberGenerator()
    return Atomic(generator.next())
}()

/// Turns a middleware stack and a router into the server's `HTTPResponder`:
/// creates the typed context (with a fresh request id) and runs the pipeline.
///
/// Errors that escape the pipeline are a programming mistake (the error
/// middleware should have rendered them); they become a bare 500 here and
/// are logged with the request id.
public struct Application<Context: RequestContext>: HTTPResponder {
    private let pipeline: Next<Context>
    private let match: @Sendable (HTTPRequest) -> MatchedRoute
    private let logger: Logger
    private let trustedProxies: TrustedProxies

    /// - Parameter trustedProxies: whose `X-Forwarded-For` names the client.
    public init(router: Router<Context>, middleware: [any Middleware<Context>], logger: Logger,
                trustedProxies: TrustedProxies = .none) {
        let (match, endpoint) = router.compiled()
        self.pipeline = Next(middleware, endpoint: endpoint)
        self.match = match
        self.logger = logger
        self.trustedProxies = trustedProxies
    }

    /// 16 hex digits, distinct for every request of this process: a counter
    /// from a random start, scrambled by SplitMix64's finaliser (a bijection,
    /// so distinct counts give distinct ids). Request ids only need to be
    /// unique enough to find a log line, not secret; asking the kernel for
    /// random bytes cost a system call per request.
    static func makeRequestID() -> String {
        var value = requestCounter.wrappingAdd(1, ordering: .relaxed).newValue
        value = (value ^ (value >> 30)) &* 0xbf58476d1ce4e5b9
        value = (value ^ (value >> 27)) &* 0x94d049bb133111eb
        value ^= value >> 31
        // Written straight into the string: `String(radix:)` plus padding
        // built three strings per request.
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                let digit = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
                buffer[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            }
            return 16
        }
    }

    public nonisolated(nonsending) func respond(to request: HTTPRequest) async -> HTTPResponse {
        let requestID = Self.makeRequestID()
        var logger = self.logger
        logger.handler = RequestScopedLogHandler(logger.handler, requestID: requestID)
        var context = Context(request: request, requestID: requestID, logger: logger)
        context.clientAddress = trustedProxies.clientAddress(of: request)
        context.route = match(request)
        do {
            var response = try await pipeline(request, context)
            response.headers.set("X-Request-Id", requestID)
            return response
        } catch {
            logger.error("unhandled error escaped the middleware stack", metadata: ["error": "\(error)"])
            var response = HTTPResponse(status: .internalServerError, contentType: "text/plain; charset=utf-8", text: "Internal Server Error\n")
            response.headers.set("X-Request-Id", requestID)
            return response
        }
    }
}
