public import HTTPServer
import Logging

/// Writes one `info` line per request: method, path (never the query, which
/// may carry tokens), status, body bytes and duration, with `request.id`
/// metadata. Header values (cookies, authorization) are never logged.
///
/// Place it outermost so the line shows what the client finally got. A
/// thrown error still produces a line, with the status the error maps to
/// (500 for errors that are not `HTTPResponseError`), and is rethrown.
public struct RequestLogMiddleware<Context: RequestContext>: Middleware {
    public init() {}

    public func handle(_ request: HTTPRequest, context: Context, next: Responder<Context>) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            let bytes = request.method == .head || !response.status.allowsBody ? 0 : response.body.count
            log(request, context: context, status: response.status, bytes: bytes, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            log(request, context: context, status: status, bytes: 0, since: start)
            throw error
        }
    }

    private func log(_ request: HTTPRequest, context: Context, status: HTTPStatus, bytes: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let rounded = (milliseconds * 100).rounded() / 100
        let path = Self.printable(request.path)
        context.logger.info(
            "\(request.method.rawValue) \(path) \(status.code) \(bytes)B \(rounded)ms",
            metadata: [
                "request.id": .string(context.requestID),
                "http.method": .string(request.method.rawValue),
                "http.path": .string(path),
                "http.status": .stringConvertible(status.code),
                "http.bytes": .stringConvertible(bytes),
                "http.duration_ms": .stringConvertible(rounded),
            ]
        )
    }

    /// The path with anything outside printable ASCII replaced, so a crafted
    /// target cannot forge extra log lines or terminal escapes.
    static func printable(_ path: String) -> String {
        let bytes = path.utf8.prefix(512).map { (0x21...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }
        return String(decoding: bytes, as: UTF8.self) + (path.utf8.count > 512 ? "…" : "")
    }
}
