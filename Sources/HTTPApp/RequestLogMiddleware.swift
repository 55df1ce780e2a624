public import HTTPServer
import Logging

/// Writes one `info` line per request, `GET /path 200 1234B 0.52ms from 192.0.2.1`:
/// method, path (never the query, which may carry tokens), status, body
/// bytes, duration in milliseconds and the client address (through trusted
/// proxies), with `request.id` metadata. Header values (cookies,
/// authorization) are never logged. Escaping the path is the log handler's
/// job (`EscapingLogHandler`), as for every other logged value.
///
/// Place it outermost so the line shows what the client finally got. A
/// thrown error still produces a line, with the status the error maps to
/// (500 for errors that are not `HTTPResponseError`), and is rethrown.
public struct RequestLogMiddleware<Context: RequestContext>: Middleware {
    public init() {}

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            let bytes = request.method == .head || !response.status.allowsBody ? 0 : response.bodyStream?.length ?? response.body.count
            log(request, context: context, status: response.status, bytes: bytes, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            log(request, context: context, status: status, bytes: 0, since: start)
            throw error
        }
    }

    private func log(_ request: HTTPRequest, context: Context, status: HTTPStatus, bytes: Int, since start: ContinuousClock.Instant) {
        // The line is built before the logger sees it; skip that when the
        // level (e.g. `notice` in production) would drop it anyway.
        guard context.logger.logLevel <= .info else { return }
        let elapsed = ContinuousClock.now - start
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let milliseconds = "\(microseconds / 1000).\(String(microseconds % 1000 / 10 + 100).dropFirst())"
        // One flat message rather than six metadata fields: the handler
        // formats metadata on every call, and this line is written for
        // every request. `request.id` comes with the context's logger
        // (part of the `RequestContext` contract).
        let client = context.clientAddress.isEmpty ? "" : " from " + context.clientAddress
        context.logger.info("\(request.method.rawValue) \(Self.shortened(request.path)) \(status.code) \(bytes)B \(milliseconds)ms\(client)")
    }

    /// The path cut at 512 characters, so one request cannot fill the log.
    static func shortened(_ path: String) -> String {
        path.utf8.count > 512 ? String(path.prefix(512)) + "…" : path
    }
}
