public import HTTPServer
import Gzip

/// Gzips response bodies for clients that accept it.
///
/// Compresses only compressible types (`MediaType.isCompressible`) above
/// `minimumSize`, never a response that already has `Content-Encoding` or
/// asks for `Cache-Control: no-transform` (use that on pages whose secrets
/// must not be exposed to BREACH-style length attacks), and keeps the
/// original when gzip would not make it smaller. Every compressible
/// response gets `Vary: Accept-Encoding`, compressed or not, so caches
/// keep the variants apart. A strong ETag gets a `-gzip` suffix on the
/// compressed variant, because the two bodies are different representations.
///
/// HEAD responses are compressed exactly like GET ones (the router runs the
/// GET handler, and the server drops the body), so the `Content-Length` a
/// HEAD reports is the one a GET would send.
public struct CompressionMiddleware<Context: RequestContext>: Middleware {
    private let minimumSize: Int
    private let level: Int

    /// - Parameters:
    ///   - minimumSize: bodies smaller than this many bytes are sent as they are.
    ///   - level: gzip level 1...9; 6 balances CPU and size.
    public init(minimumSize: Int = 1024, level: Int = 6) {
        self.minimumSize = minimumSize
        self.level = min(max(level, 1), 9)
    }

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        try compressed(await next(request, context), for: request)
    }

    /// The response, gzip-compressed when worth it. Not async, so that its
    /// locals live on the thread's stack rather than in every request's
    /// task frame.
    private func compressed(_ response: consuming HTTPResponse, for request: HTTPRequest) throws -> HTTPResponse {
        var response = response
        guard !response.headers.contains("Content-Encoding"),
              let type = response.headers["Content-Type"], MediaType.isCompressible(type) else { return response }
        response.headers.addVary("Accept-Encoding")
        guard response.status.allowsBody, response.status != HTTPStatus(206),
              response.body.count >= minimumSize,
              !response.headers.hasCacheDirective("no-transform"),
              AcceptEncoding.allowsGzip(request.headers) else { return response }
        let compressed = try Gzip.compress(response.body, level: level)
        guard compressed.count < response.body.count else { return response }
        response.body = compressed
        response.headers.set("Content-Encoding", "gzip")
        if let etag = response.headers["ETag"], etag.hasSuffix("\"") {
            response.headers.set("ETag", String(etag.dropLast()) + "-gzip\"")
        }
        return response
    }
}

extension HTTPHeaders {
    /// Adds `token` to `Vary` unless it (or `*`) is already listed.
    mutating func addVary(_ token: String) {
        // The usual case, on every compressible response: no Vary yet.
        guard contains("Vary") else { return add("Vary", token) }
        let existing = values("Vary").flatMap { $0.split(separator: ",").map { $0.trimmingASCIIWhitespace() } }
        if existing.contains(where: { $0 == "*" || $0.caseInsensitiveEquals(token) }) { return }
        set("Vary", (existing + [token]).joined(separator: ", "))
    }

    /// Whether `Cache-Control` carries `directive` (case-insensitive, ignoring arguments).
    func hasCacheDirective(_ directive: String) -> Bool {
        values("Cache-Control").contains { value in
            value.split(separator: ",").contains {
                let name = $0.split(separator: "=", maxSplits: 1).first ?? ""
                return name.trimmingASCIIWhitespace().caseInsensitiveEquals(directive)
            }
        }
    }
}
