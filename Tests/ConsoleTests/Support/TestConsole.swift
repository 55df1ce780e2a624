import AccountsAPI
@testable import Console
import Foundation
import HTTPApp
import HTTPServer
import Logging
import URLText

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    var consoleClock: ConsoleClock { ConsoleClock { [self] in now } }
}

/// A console wired to an in-memory database, the real templates and a
/// manual clock, answering requests without sockets.
struct TestConsole {
    static let host = "console.test"
    static let origin = "https://console.test"
    static let templatesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates").path

    let services: ConsoleServices
    let app: Application<ConsoleContext>
    let clock: ManualClock
    let database: ConsoleDatabase
    /// How often the probe's mutating handlers ran.
    let counter = CallCounter()

    /// - Parameter upstream: the accounts API; by default a closed loopback
    ///   port, so any upstream call fails fast as unreachable.
    /// - Parameter hashingWaiting: the password queue's bound.
    /// - Parameter trustedProxies: CIDRs whose `X-Forwarded-For` is believed.
    init(upstream: UpstreamConfiguration = UpstreamConfiguration(baseURL: "http://127.0.0.1:9", token: "unused"),
         extraControllers: [any ConsoleController] = [], hashingWaiting: Int = 4,
         trustedProxies: [String] = []) async throws {
        let clock = ManualClock()
        let database = try ConsoleDatabase.inMemory()
        let renderer = try await Renderer.load(directory: Self.templatesDirectory)
        let services = ConsoleServices(
            accounts: AccountsClient(configuration: upstream),
            users: UserStore(database: database, hasher: .fastForTests, clock: clock.consoleClock,
                             hashing: PasswordQueue(maximumWaiting: hashingWaiting)),
            sessions: SessionStore(database: database, clock: clock.consoleClock),
            audit: AuditLog(database: database, clock: clock.consoleClock),
            renderer: renderer,
            throttle: LoginThrottle(clock: clock.consoleClock),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            clock: clock.consoleClock)
        self.services = services
        self.clock = clock
        self.database = database
        self.app = try ConsoleApplication.make(
            services: services,
            extraControllers: [ProbeController(counter: counter, sessions: services.sessions)] + extraControllers,
            trustedProxies: try TrustedProxies(parsing: trustedProxies))
        try await services.users.add(name: "alice", role: .admin, password: "alice-password")
        try await services.users.add(name: "rita", role: .reviewer, password: "rita-password!")
    }

    /// Sends a request. `cookies` are sent as one `Cookie` header.
    func send(_ method: HTTPMethod, _ target: String, cookies: [String: String] = [:], form: [(String, String)]? = nil,
              headers extra: [(String, String)] = [], address: String = "10.0.0.1") async -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Host", Self.host)
        if !cookies.isEmpty {
            headers.set("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var body: [UInt8] = []
        if let form {
            headers.set("Content-Type", "application/x-www-form-urlencoded")
            body = Array(form.map { "\($0.0.percentEncodedComponent())=\($0.1.percentEncodedComponent())" }
                .joined(separator: "&").utf8)
        }
        for (name, value) in extra { headers.set(name, value) }
        let request = HTTPRequest(method: method, target: target, headers: headers, body: body,
                                  connection: ConnectionInfo(remoteAddress: address, isSecure: true))
        return await app.respond(to: request)
    }

    /// Loads the login page and posts the credentials with its token and
    /// cookie, from the same origin. Returns the response to the POST.
    func signIn(_ name: String, _ password: String, next: String? = nil, address: String = "10.0.0.1",
                existingCookies: [String: String] = [:], headers extra: [(String, String)] = []) async -> HTTPResponse {
        let page = await send(.get, "/login", cookies: existingCookies)
        var cookies = existingCookies
        if let login = page.cookie(Cookies.login) { cookies[Cookies.login] = login }
        var form = [("csrf", page.csrfToken ?? ""), ("username", name), ("password", password)]
        if let next { form.append(("next", next)) }
        return await send(.post, "/login", cookies: cookies, form: form, headers: [("Origin", Self.origin)] + extra,
                          address: address)
    }

    /// Signs in and returns the session cookie value.
    func session(_ name: String, _ password: String) async throws -> String {
        let response = await signIn(name, password)
        guard let cookie = response.cookie(Cookies.session), !cookie.isEmpty else {
            throw TestFailure("sign-in as \(name) failed with \(response.status)")
        }
        return cookie
    }

    /// A CSRF token for `session`, read from the sign-out form that every
    /// signed-in page (here: the 404 page) carries in its header.
    func csrfToken(session: String) async throws -> String {
        let page = await send(.get, "/no-such-page", cookies: [Cookies.session: session])
        guard let token = page.csrfToken else { throw TestFailure("no csrf token on the page") }
        return token
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The value of cookie `name` set by this response, if any.
    func cookie(_ name: String) -> String? {
        setCookie(name).map { header in
            let first = header.split(separator: ";", maxSplits: 1)[0]
            return String(first.dropFirst(name.count + 1))
        }
    }

    /// The whole `Set-Cookie` header for cookie `name`.
    func setCookie(_ name: String) -> String? {
        headers.values("Set-Cookie").first { $0.hasPrefix(name + "=") }
    }

    /// The value of the first hidden `csrf` field in the page.
    var csrfToken: String? {
        guard let range = text.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
