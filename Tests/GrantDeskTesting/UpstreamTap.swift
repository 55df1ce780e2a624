import HTTPApp
import HTTPServer
import Synchronization

/// What the tapped upstream does to requests.
enum UpstreamFault: Sendable, Equatable {
    case none
    /// Answer writes (POST/PUT/DELETE) with this status and an error body.
    case writeStatus(Int)
    /// Answer reads of one grant with a 2xx body that is not a grant.
    case invalidGrantReads
    /// Never answer writes (the client's deadline must end the call).
    case hangWrites
    /// Answer reads of one grant with this permissions JSON (which the
    /// embedded API itself would refuse to store).
    case grantReads(permissions: String)
}

/// The embedded accounts API behind a tap that counts the writes that reach
/// it and can inject faults, so tests see exactly what the console sent.
final class UpstreamTap: HTTPResponder, Sendable {
    private struct State {
        var writes = 0
        var requests = 0
        var fault = UpstreamFault.none
        var inner: Application<BasicRequestContext>?
    }
    private let state = Mutex(State())

    init() {}

    /// Puts the tap in front of `api`; returns the tap, to be served.
    func wire(to api: Application<BasicRequestContext>) -> UpstreamTap {
        state.withLock { $0.inner = api }
        return self
    }

    /// Writes that reached the embedded API and were answered by it.
    var writes: Int { state.withLock { $0.writes } }
    /// Every request that arrived, reads included.
    var requests: Int { state.withLock { $0.requests } }
    var fault: UpstreamFault {
        get { state.withLock { $0.fault } }
        set { state.withLock { $0.fault = newValue } }
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let isWrite = request.method != .get && request.method != .head
        state.withLock { $0.requests += 1 }
        switch fault {
        case .writeStatus(let status) where isWrite:
            return HTTPResponse(status: HTTPStatus(status), contentType: "application/json",
                                text: #"{"detail":"injected failure"}"#)
        case .hangWrites where isWrite:
            try? await Task.sleep(for: .seconds(5))
            return HTTPResponse(status: .serviceUnavailable)
        case .invalidGrantReads where !isWrite && request.path.contains("/room-grants/") && !request.path.contains("/by-"):
            return HTTPResponse(status: .ok, contentType: "application/json", text: #"{"room":1}"#)
        case .grantReads(let permissions) where !isWrite && request.path.contains("/room-grants/") && !request.path.contains("/by-"):
            let room = #"{"id":"r1","name":"lobby","metadata":{},"annotations":{}}"#
            return HTTPResponse(status: .ok, contentType: "application/json",
                                text: #"{"room":\#(room),"user_id":"u1","permissions":\#(permissions)}"#)
        default:
            break
        }
        guard let inner = state.withLock({ $0.inner }) else { return HTTPResponse(status: .serviceUnavailable) }
        if isWrite { state.withLock { $0.writes += 1 } }
        return await inner.respond(to: request)
    }
}
