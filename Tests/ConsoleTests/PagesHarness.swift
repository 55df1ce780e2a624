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

/// Hostile strings that upstream data may carry. Every page must render them
/// as inert text.
enum Hostile {
    static let img = "\"><img src=x onerror=alert(1)>"
    static let script = "</script><script>window.__xss=1</script>"
    static let combining = "q\"\u{301} autofocus onfocus=window.__xss=1 x=\""
    static let rtl = "\u{202E}txt.exe\u{2028}line"
    static let js = "javascript:alert(1)"
    static let room = "evil \(img) \(script)"
    static let user = "user-\(img)"
    static let email = "mallory+\(img)@example.com"
}

/// The read pages wired to a real embedded accounts API on a loopback port
/// (seeded with the demo project plus hostile data) and an in-memory console.
final class PagesHarness: @unchecked Sendable {
    static let token = "pages-test-token"
    static let pid = AccountsStore.defaultProjectID
    let directory: String
    let store: AccountsStore
    let server: Server
    /// Every request the console made to the accounts API.
    let upstream: RecordingResponder
    let accounts: AccountsClient
    let services: ConsoleServices
    let app: Application<ConsoleContext>

    init() async throws {
        directory = NSTemporaryDirectory() + "grantdesk-pages-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try AccountsStore(dataDirectory: directory)
        try await store.seedDemo()
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        upstream = RecordingResponder(AccountsRoutes.application(store: store, tokens: [Self.token], logger: logger))
        server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: upstream, logger: logger)
        let port = try server.start()
        accounts = AccountsClient(configuration: UpstreamConfiguration(baseURL: "http://127.0.0.1:\(port)", token: Self.token))
        let clock = ManualClock()
        let database = try ConsoleDatabase.inMemory()
        let renderer = try await Renderer.load(directory: TestConsole.templatesDirectory)
        services = ConsoleServices(
            accounts: accounts,
            users: UserStore(database: database, hasher: .fastForTests, clock: clock.consoleClock),
            sessions: SessionStore(database: database, clock: clock.consoleClock),
            audit: AuditLog(database: database, clock: clock.consoleClock),
            renderer: renderer,
            throttle: LoginThrottle(clock: clock.consoleClock),
            logger: logger,
            clock: clock.consoleClock)
        app = try ConsoleApplication.make(services: services)
        try await services.users.add(name: "alice", role: .admin, password: "alice-password")
        try await services.users.add(name: "rita", role: .reviewer, password: "rita-password!")
        try await seedHostile()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func stop() async {
        await server.shutdown(gracePeriod: .seconds(1))
    }

    /// A room, a user and a grant whose every string is hostile.
    func seedHostile() async throws {
        try await store.pool.write { db in
            try db.execute(
                sql: "INSERT INTO user (id, email, first_name, last_name) VALUES (?, ?, ?, ?)",
                arguments: [Hostile.user, Hostile.email, Hostile.combining, Hostile.rtl]
            )
            try db.execute(sql: "INSERT INTO member (project_id, user_id) VALUES (?, ?)", arguments: [Self.pid, Hostile.user])
        }
        let metadata: JSONObject = ["html": .string(Hostile.img), "script": .string(Hostile.script), "link": .string(Hostile.js)]
        let request = CreateRoomRequest(
            name: Hostile.room, metadata: metadata,
            annotations: [RoomAnnotation(key: Hostile.img, value: Hostile.combining), RoomAnnotation(key: "rtl", value: Hostile.rtl)]
        )
        _ = try await accounts.createRoom(projectID: Self.pid, request)
        let scope: JSONValue = .object([
            "queues": .object(["send": .array([.string(Hostile.img), .string(Hostile.script)])]),
            Hostile.img: .object(["x": .string(Hostile.script)]),
        ])
        try await accounts.createGrant(projectID: Self.pid, roomID: Hostile.room, userID: Hostile.user, permissions: scope)
    }

    // MARK: - Requests without sockets

    func send(_ target: String, session: String? = nil) async -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Host", TestConsole.host)
        if let session { headers.set("Cookie", "\(Cookies.session)=\(session)") }
        let request = HTTPRequest(method: .get, target: target, headers: headers, body: [],
                                  connection: ConnectionInfo(remoteAddress: "10.0.0.9", isSecure: true))
        return await app.respond(to: request)
    }

    func post(_ target: String, form: [(String, String)], cookies: [String: String]) async -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Host", TestConsole.host)
        headers.set("Origin", TestConsole.origin)
        headers.set("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.set("Content-Type", "application/x-www-form-urlencoded")
        let body = form.map { "\($0.0.percentEncodedComponent())=\($0.1.percentEncodedComponent())" }.joined(separator: "&")
        let request = HTTPRequest(method: .post, target: target, headers: headers, body: Array(body.utf8),
                                  connection: ConnectionInfo(remoteAddress: "10.0.0.9", isSecure: true))
        return await app.respond(to: request)
    }

    /// Signs in through the real login form and returns the session cookie.
    func session(_ name: String, _ password: String) async throws -> String {
        let page = await send("/login")
        var cookies: [String: String] = [:]
        if let login = page.cookie(Cookies.login) { cookies[Cookies.login] = login }
        let response = await post("/login", form: [("csrf", page.csrfToken ?? ""), ("username", name), ("password", password)], cookies: cookies)
        guard let cookie = response.cookie(Cookies.session), !cookie.isEmpty else {
            throw TestFailure("sign-in as \(name) failed with \(response.status)")
        }
        return cookie
    }
}
