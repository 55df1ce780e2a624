import CryptoPrimitives
public import HTTPApp
public import HTTPServer

/// Lets a request through only with `Authorization: Bearer <token>` naming
/// one of the configured tokens; otherwise 401 with a JSON body. Tokens are
/// compared with `ConstantTime.equals` (lengths as a boolean, bytes with
/// `CRYPTO_memcmp`), every candidate each time, so timing reveals nothing of
/// their content. `/healthz` is open, for readiness probes.
public struct BearerTokenMiddleware<Context: RequestContext>: Middleware {
    private let tokens: [[UInt8]]

    public init(tokens: [String]) {
        self.tokens = tokens.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        if request.path == "/healthz" { return try await next(request, context) }
        guard let presented = Self.bearer(request.headers["Authorization"]),
              tokens.reduce(false, { accepted, token in ConstantTime.equals(token, presented) || accepted })
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
}
