public import HTTPServer
public import Logging

/// Turns a middleware stack and a router into the server's `HTTPResponder`:
/// creates the typed context (with a fresh request id) and runs the pipeline.
///
/// Errors that escape the pipeline are a programming mistake (the error
/// middleware should have rendered them); they become a bare 500 here and
/// are logged with the request id.
public struct Application<Context: RequestContext>: HTTPResponder {
    private let pipeline: Responder<Context>
    private let logger: Logger
    private let trustedProxies: TrustedProxies

    /// - Parameter trustedProxies: whose `X-Forwarded-For` names the client.
    public init(router: Router<Context>, middleware: [any Middleware<Context>], logger: Logger,
                trustedProxies: TrustedProxies = .none) {
        self.pipeline = middleware.wrapping(router.responder())
        self.logger = logger
        self.trustedProxies = trustedProxies
    }

    /// 16 hex digits from the system generator. Request ids only need to be
    /// unique enough to find a log line, not secret, and OpenSSL's DRBG costs
    /// about a microsecond per call in provider lookups and locks.
    static func makeRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value: UInt64 = generator.next()
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

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let requestID = Self.makeRequestID()
        var logger = self.logger
        logger[metadataKey: "request.id"] = .string(requestID)
        var context = Context(request: request, requestID: requestID, logger: logger)
        context.clientAddress = trustedProxies.clientAddress(of: request)
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
