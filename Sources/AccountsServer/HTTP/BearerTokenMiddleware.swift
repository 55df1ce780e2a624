public import HTTPApp
public import HTTPServer

/// Lets a request through only with `Authorization: Bearer <token>` naming
/// one of the configured tokens; otherwise 401 with a JSON body. Tokens are
/// compared in constant time (per candidate) so timing reveals nothing of
/// their content. `/healthz` is open, for readiness probes.
public struct BearerTokenMiddleware<Context: RequestContext>: Middleware {
    private let tokens: [[UInt8]]

    public init(tokens: [String]) {
        self.tokens = tokens.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    public func handle(_ request: HTTPRequest, context: Context, next: Responder<Context>) async throws -> HTTPResponse {
        if request.path == "/healthz" { return try await next(request, context) }
        guard let presented = Self.bearer(request.headers["Authorization"]),
              tokens.reduce(false, { accepted, token in Self.constantTimeEquals(token, presented) || accepted })
        else {
            var response = JSONResponse.error(.unauthorized, "Missing or invalid bearer token.")
            response.headers.set("WWW-Authenticate", "Bearer")
            return response
        }
        return try await next(request, context)
    }

    private static func bearer(_ header: String?) -> [UInt8]? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        return Array(header.dropFirst(7).utf8)
    }

    /// Compares every byte of the longer input whatever the outcome.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
