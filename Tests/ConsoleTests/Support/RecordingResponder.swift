import Foundation
import HTTPServer

/// Passes every request on to `inner` and remembers its method and target,
/// so a test can tell how many upstream calls a page made.
final class RecordingResponder: HTTPResponder, @unchecked Sendable {
    private let inner: any HTTPResponder
    private let lock = NSLock()
    private var targets: [String] = []

    init(_ inner: any HTTPResponder) {
        self.inner = inner
    }

    /// Every request so far, as "GET /accounts/…".
    var seen: [String] { lock.withLock { targets } }

    func reset() { lock.withLock { targets.removeAll() } }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        lock.withLock { targets.append("\(request.method.rawValue) \(request.target)") }
        return await inner.respond(to: request)
    }
}
