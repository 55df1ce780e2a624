import GrantModel
import HTTPApp
import HTTPServer
import Synchronization

/// What the tapped upstream does to requests.
enum UpstreamFault: Sendable, Equatable {
    case none
    /// Answer writes (POST/PUT/DELETE) with this status and an error body
    /// (a 429 also carries `Retry-After: 7`).
    case writeStatus(Int)
    /// Answer every request, reads too, as `writeStatus` answers writes.
    case status(Int)
    /// Answer every read with a 2xx body that is not JSON.
    case nonsenseReads
    /// Never answer any request (the client's deadline must end the call).
    case hangAll
    /// Answer reads of one grant with a 2xx body that is not a grant.
    case invalidGrantReads
    /// Never answer writes (the client's deadline must end the call).
    case hangWrites
    /// 404 for `…/sessions`, as an accounts API without room sessions answers; the rest passes.
    case noSessions
    /// Answer reads of one grant with this permissions JSON (which the
    /// embedded API itself would refuse to store).
    case grantReads(permissions: String)
    /// Answer with `status` only the writes whose target or body contains
    /// `text` (a user or room id): some items of a bulk change fail, the rest pass.
    case writesMentioning(String, status: Int)
}

/// The embedded accounts API behind a tap that counts the writes that reach
/// it and can inject faults, so tests see exactly what the console sent.
final class UpstreamTap: HTTPResponder, Sendable {
    private struct State {
        var writes = 0
        var cancelledHangs = 0
        var seen: [String] = []
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
    /// Hung requests whose client gave up before the hang ended (their tasks
    /// were cancelled by the server the tap runs on).
    var cancelledHangs: Int { state.withLock { $0.cancelledHangs } }
    /// Every request that arrived, reads included.
    var requests: Int { state.withLock { $0.seen.count } }
    /// Every request that arrived, as "GET /accounts/…".
    var seen: [String] { state.withLock { $0.seen } }
    /// The `Retry-After` every injected 429 carries.
    static let retryAfter = "7"

    /// Forgets the requests seen so far (writes stay counted).
    func reset() { state.withLock { $0.seen.removeAll() } }
    var fault: UpstreamFault {
        get { state.withLock { $0.fault } }
        set { state.withLock { $0.fault = newValue } }
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let isWrite = request.method != .get && request.method != .head
        let (fault, api) = state.withLock { state in
            state.seen.append("\(request.method.rawValue) \(request.target)")
            return (state.fault, state.inner)
        }
        guard let inner = api else { return HTTPResponse(status: .serviceUnavailable) }
        let oneGrant = !isWrite && request.path.contains("/room-grants/") && !request.path.contains("/by-")
        switch fault {
        case .writeStatus(let status) where isWrite, .status(let status):
            var response = HTTPResponse(status: HTTPStatus(status), contentType: "application/json",
                                        text: #"{"detail":"injected failure"}"#)
            if status == 429 { response.headers.set("Retry-After", Self.retryAfter) }
            return response
        case .nonsenseReads where !isWrite:
            return HTTPResponse(status: .ok, contentType: "text/html", text: "<html>maintenance</html>")
        case .hangWrites where isWrite, .hangAll:
            if (try? await Task.sleep(for: .seconds(5))) == nil { state.withLock { $0.cancelledHangs += 1 } }
            return HTTPResponse(status: .serviceUnavailable)
        case .writesMentioning(let text, let status)
            where isWrite && (request.target.contains(text) || String(decoding: request.body, as: UTF8.self).contains(text)):
            return HTTPResponse(status: HTTPStatus(status), contentType: "application/json",
                                text: #"{"detail":"injected failure"}"#)
        case .noSessions where request.path.hasSuffix("/sessions"):
            return HTTPResponse(status: .notFound, contentType: "application/json", text: #"{"detail":"Not Found"}"#)
        case .invalidGrantReads where oneGrant:
            return HTTPResponse(status: .ok, contentType: "application/json", text: #"{"room":1}"#)
        case .grantReads(let permissions) where oneGrant:
            // The real grant (so its room is the one asked for) with other permissions.
            let real = await inner.respond(to: request)
            guard real.status == .ok, case .object(var grant)? = try? JSONValue(parsing: real.body),
                  let injected = try? JSONValue(parsing: Array(permissions.utf8))
            else { return real }
            grant["permissions"] = injected
            return HTTPResponse(status: .ok, contentType: "application/json", text: JSONValue.object(grant).serialized())
        default:
            break
        }
        if isWrite { state.withLock { $0.writes += 1 } }
        return await inner.respond(to: request)
    }
}
