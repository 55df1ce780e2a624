public import HTTPServer

/// Sets the browser-hardening headers on every response that passes through
/// it, and makes textual content types declare `charset=utf-8`.
///
/// HSTS is not set here: the server adds it on TLS connections only.
/// Place it outside the error middleware so error pages get the headers too.
public struct SecurityHeadersMiddleware<Context: RequestContext>: Middleware {
    /// The default policy: only same-origin scripts, styles, images and
    /// fetches; no plugins, no framing, no `<base>`, forms post only to us.
    public static var defaultContentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    private let headers: [(String, String)]
    private let names: HTTPFieldNameSet

    /// - Parameter contentSecurityPolicy: replaces the default CSP (for an
    ///   app that needs a stricter one); the other headers are fixed.
    public init(contentSecurityPolicy: String = Self.defaultContentSecurityPolicy) {
        headers = [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        names = HTTPFieldNameSet(headers.map(\.0))
    }

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        try withHeaders(await next(request, context))
    }

    /// Not async, so that its locals live on the thread's stack rather than
    /// in every request's task frame.
    private func withHeaders(_ response: consuming HTTPResponse) -> HTTPResponse {
        var response = response
        // Replace, not add, so a handler cannot weaken these by accident; the
        // usual case (none present yet) is a cheaper single scan plus appends.
        let anyPresent = response.headers.contains { names.contains($0.name) }
        // Room for these, the request id and Vary: one reallocation, not three.
        response.headers.reserveCapacity(response.headers.count + headers.count + 2)
        for (name, value) in headers {
            if anyPresent { response.headers.set(name, value) } else { response.headers.add(name, value) }
        }
        if let type = response.headers["Content-Type"], MediaType.isTextual(type), !MediaType.hasCharset(type) {
            response.headers.set("Content-Type", type + "; charset=utf-8")
        }
        return response
    }
}
