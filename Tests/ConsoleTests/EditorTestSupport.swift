import AccountsAPI
import AccountsServer
@testable import Console
import Foundation
import GRDB
import GrantModel
import HTTPApp
import HTTPServer
import Logging
import URLText

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
    /// Answer reads of one grant with this permissions JSON (which the
    /// embedded API itself would refuse to store).
    case grantReads(permissions: String)
}

/// The embedded accounts API behind a tap that counts the writes that reach
/// it and can inject faults, so tests see exactly what the console sent.
final class UpstreamTap: HTTPResponder, @unchecked Sendable {
    private let lock = NSLock()
    private var writeCount = 0
    private var requestCount = 0
    private var currentFault = UpstreamFault.none
    private let inner: Application<BasicRequestContext>

    /// The `Retry-After` every injected 429 carries.
    static let retryAfter = "7"

    init(inner: Application<BasicRequestContext>) { self.inner = inner }

    /// Writes that reached the embedded API and were answered by it.
    var writes: Int { lock.withLock { writeCount } }
    /// Every request that arrived, reads included.
    var requests: Int { lock.withLock { requestCount } }
    var fault: UpstreamFault {
        get { lock.withLock { currentFault } }
        set { lock.withLock { currentFault = newValue } }
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let isWrite = request.method != .get && request.method != .head
        lock.withLock { requestCount += 1 }
        switch fault {
        case .writeStatus(let status) where isWrite, .status(let status):
            var response = HTTPResponse(status: HTTPStatus(status), contentType: "application/json",
                                        text: #"{"detail":"injected failure"}"#)
            if status == 429 { response.headers.set("Retry-After", Self.retryAfter) }
            return response
        case .nonsenseReads where !isWrite:
            return HTTPResponse(status: .ok, contentType: "text/html", text: "<html>maintenance</html>")
        case .hangWrites where isWrite, .hangAll:
            try? await Task.sleep(for: .seconds(5))
            return HTTPResponse(status: .serviceUnavailable)
        case .invalidGrantReads where !isWrite && request.path.contains("/room-grants/") && !request.path.contains("/by-"):
            return HTTPResponse(status: .ok, contentType: "application/json", text: #"{"room":1}"#)
        case .grantReads(let permissions) where !isWrite && request.path.contains("/room-grants/") && !request.path.contains("/by-"):
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
        if isWrite { lock.withLock { writeCount += 1 } }
        return await inner.respond(to: request)
    }
}

/// A console with the grant editor, talking over loopback HTTP to the
/// embedded accounts API (through the tap), answering its own requests
/// without sockets.
final class EditorConsole: @unchecked Sendable {
    static let pid = AccountsStore.defaultProjectID
    static let token = "editor-test-token"

    let base: TestConsole
    let tap: UpstreamTap
    let accounts: AccountsClient
    let app: Application<ConsoleContext>
    private let server: Server
    private let directory: String

    init(requestTimeout: Duration = .seconds(10)) async throws {
        directory = NSTemporaryDirectory() + "grantdesk-editor-" + UUID().uuidString
        let store = try AccountsStore(dataDirectory: directory)
        try await store.pool.write { db in
            for id in ["u1", "u2", "u3"] {
                try db.execute(sql: "INSERT INTO user (id, email) VALUES (?, ?)", arguments: [id, "\(id)@example.com"])
            }
        }
        let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        tap = UpstreamTap(inner: AccountsRoutes.application(store: store, tokens: [Self.token], logger: silent))
        server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: tap, logger: silent)
        let port = try server.start()
        var configuration = UpstreamConfiguration(baseURL: "http://127.0.0.1:\(port)", token: Self.token)
        configuration.http.requestTimeout = requestTimeout
        accounts = AccountsClient(configuration: configuration)
        // The console's own controller list registers the editor and admin pages.
        base = try await TestConsole(upstream: configuration)
        app = base.app
    }

    func stop() async {
        await server.shutdown(gracePeriod: .seconds(1))
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Sends a request to the console with the editor.
    func send(_ method: HTTPMethod, _ target: String, cookie: String?, form: [(String, String)]? = nil) async -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Host", TestConsole.host)
        headers.set("Origin", TestConsole.origin)
        if let cookie { headers.set("Cookie", "\(Cookies.session)=\(cookie)") }
        var body: [UInt8] = []
        if let form {
            headers.set("Content-Type", "application/x-www-form-urlencoded")
            body = Array(form.map { "\($0.0.percentEncodedComponent())=\($0.1.percentEncodedComponent())" }
                .joined(separator: "&").utf8)
        }
        let request = HTTPRequest(method: method, target: target, headers: headers, body: body,
                                  connection: ConnectionInfo(remoteAddress: "10.0.0.1", isSecure: true))
        return await app.respond(to: request)
    }

    func adminSession() async throws -> String { try await base.session("alice", "alice-password") }

    // MARK: - Upstream set-up (through the client, before counting writes)

    func makeRoom(_ name: String) async throws -> Room {
        try await accounts.createRoom(projectID: Self.pid, CreateRoomRequest(name: name))
    }

    func makeGrant(room: String, user: String, scope: String) async throws {
        let roomID = try await accounts.room(projectID: Self.pid, name: room).id
        try await accounts.createGrant(projectID: Self.pid, roomID: roomID, userID: user, permissions: try JSONValue(parsing: scope))
    }

    func grantScope(room: String, user: String) async throws -> JSONValue {
        try await accounts.grant(projectID: Self.pid, roomID: room, userID: user).permissions
    }
}

/// Reading pages the editor returns.
extension HTTPResponse {
    /// Every form field of the page (inputs, checked boxes/radios, selected
    /// options, textareas), in document order, as a browser would submit the
    /// first form whose action matches `action`.
    func formFields(action: String? = nil) -> [(String, String)] {
        HTMLForm.fields(in: text, action: action)
    }
}
