import AccountsAPI
import AccountsServer
@testable import Console
import Foundation
import HTTPApp
import HTTPServer
import Logging

/// The one console of the tests: the real application (every controller,
/// the real templates, an in-memory console database, the test clock),
/// answering requests without sockets. Its upstream is what the test needs:
/// a closed port (every call fails fast as unreachable), any configuration,
/// or the embedded accounts API on a real socket, optionally tapped.
///
/// Internal to this module on purpose: it hands out the console's internal
/// types, so tests reach it through `@testable import GrantDeskTesting`.
final class ConsoleHarness: @unchecked Sendable {
    static let host = "console.test"
    static let origin = "https://console.test"
    static let pid = AccountsStore.defaultProjectID
    static let templatesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates").path

    /// Where the console's upstream calls go.
    enum Upstream {
        /// A closed loopback port: every upstream call fails fast as unreachable.
        case unreachable
        case configuration(UpstreamConfiguration)
        /// The embedded accounts API on port 0, behind `tap`. `people` are
        /// users (id, with `id@example.com`) put in its store as they would
        /// come from the identity side; `hostile` adds `Hostile`'s room,
        /// member and grant.
        case embedded(seedDemo: Bool = true, hostile: Bool = false, people: [String] = [],
                      requestTimeout: Duration = .seconds(10))
    }

    let clock = TestClock()
    let database: ConsoleDatabase
    let services: ConsoleServices
    let app: Application<ConsoleContext>
    /// How often the probe's mutating handlers ran.
    let counter = CallCounter()
    /// The embedded accounts API, when the console talks to one.
    let embedded: EmbeddedAccountsHarness?
    /// Counts and faults what reaches the embedded API; with any other
    /// upstream nothing passes through it and its counts stay zero.
    let tap: UpstreamTap

    var accounts: AccountsClient { services.accounts }

    /// - Parameters:
    ///   - hashingWaiting: the password queue's bound.
    ///   - trustedProxies: CIDRs whose `X-Forwarded-For` is believed.
    ///   - metricsToken: the bearer token that may read `/metrics` from afar.
    ///   - sso: single sign-on settings (the provider is contacted only by sign-ins).
    ///   - logger: where the console logs (request lines included); silent unless a test reads the log.
    init(_ upstream: Upstream = .unreachable, extraControllers: [any ConsoleController] = [],
         hashingWaiting: Int = 4, trustedProxies: [String] = [], metricsToken: String? = nil,
         sso: SingleSignOnSettings? = nil, logger: Logger = .silent) async throws {
        let configuration: UpstreamConfiguration
        switch upstream {
        case .unreachable:
            (embedded, tap) = (nil, UpstreamTap())
            configuration = UpstreamConfiguration(baseURL: "http://127.0.0.1:9", token: "unused")
        case .configuration(let given):
            (embedded, tap) = (nil, UpstreamTap())
            configuration = given
        case .embedded(let seedDemo, let hostile, let people, let requestTimeout):
            let tap = UpstreamTap()
            let embedded = try await EmbeddedAccountsHarness(
                seedDemo: seedDemo, requestTimeout: requestTimeout,
                front: { api in tap.wire(to: api) })
            try await embedded.store.addPeople(people)
            if hostile { try await Hostile.seed(into: embedded) }
            (self.embedded, self.tap) = (embedded, tap)
            configuration = embedded.configuration
        }
        database = try ConsoleDatabase.inMemory()
        let renderer = try await Renderer.load(directory: Self.templatesDirectory)
        let metrics = ConsoleMetrics(accessToken: metricsToken)
        services = ConsoleServices(
            accounts: AccountsClient(configuration: configuration, observer: metrics),
            users: UserStore(database: database, hasher: .fastForTests, clock: clock.consoleClock,
                             hashing: PasswordQueue(maximumWaiting: hashingWaiting)),
            sessions: SessionStore(database: database, clock: clock.consoleClock),
            audit: AuditLog(database: database, clock: clock.consoleClock),
            renderer: renderer,
            throttle: LoginThrottle(database: database, clock: clock.consoleClock),
            logger: logger,
            clock: clock.consoleClock,
            storage: database.storage,
            metrics: metrics,
            sso: sso.map { [database, clock] in SingleSignOn(settings: $0, database: database, clock: clock.consoleClock) })
        app = try ConsoleApplication.make(
            services: services,
            extraControllers: [ProbeController(counter: counter, sessions: services.sessions)] + extraControllers,
            trustedProxies: try TrustedProxies(parsing: trustedProxies))
        try await services.users.add(name: "alice", role: .admin, password: "alice-password")
        try await services.users.add(name: "rita", role: .reviewer, password: "rita-password!")
    }

    /// Stops the embedded accounts API, if any.
    func stop() async {
        await embedded?.shutdown()
    }

    // MARK: - Requests

    /// Sends a request as a browser on the console's own origin would:
    /// `session` becomes the session cookie (besides `cookies`), `form` an
    /// urlencoded body, and `Origin` is the console's unless the test passes
    /// another (or nil, for a request that carries none).
    func send(_ method: HTTPMethod = .get, _ target: String, session: String? = nil, cookies: [String: String] = [:],
              form: [(String, String)]? = nil, headers extra: [(String, String)] = [],
              origin: String? = ConsoleHarness.origin, address: String = "10.0.0.1") async -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Host", Self.host)
        if let origin { headers.set("Origin", origin) }
        var jar = cookies
        if let session { jar[Cookies.session] = session }
        if !jar.isEmpty {
            headers.set("Cookie", jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
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
        return await Self.collected(app.respond(to: request))
    }

    /// The response with a streamed body read into `body`, as a client would see it.
    static func collected(_ response: HTTPResponse) async -> HTTPResponse {
        guard let stream = response.bodyStream else { return response }
        var copy = response
        copy.bodyStream = nil
        do {
            while let piece = try await stream.next() { copy.body += piece }
        } catch {
            copy.body += Array("\n[stream failed: \(error)]".utf8)
        }
        return copy
    }

    /// Loads the login page and posts the credentials with its token and
    /// cookie, from the same origin. Returns the response to the POST.
    func signIn(_ name: String, _ password: String, next: String? = nil, address: String = "10.0.0.1",
                existingCookies: [String: String] = [:], headers extra: [(String, String)] = []) async -> HTTPResponse {
        let page = await send(.get, "/login", cookies: existingCookies, address: address)
        var cookies = existingCookies
        if let login = page.cookie(Cookies.login) { cookies[Cookies.login] = login }
        var form = [("csrf", page.csrfToken ?? ""), ("username", name), ("password", password)]
        if let next { form.append(("next", next)) }
        return await send(.post, "/login", cookies: cookies, form: form, headers: extra, address: address)
    }

    /// Signs in and returns the session cookie value.
    func session(_ name: String, _ password: String) async throws -> String {
        let response = await signIn(name, password)
        guard let cookie = response.cookie(Cookies.session), !cookie.isEmpty else {
            throw TestFailure("sign-in as \(name) failed with \(response.status)")
        }
        return cookie
    }

    /// The seeded admin's session.
    func adminSession() async throws -> String { try await session("alice", "alice-password") }

    /// The seeded reviewer's session.
    func reviewerSession() async throws -> String { try await session("rita", "rita-password!") }

    /// A CSRF token for `session`, read from the sign-out form that every
    /// signed-in page (here: the 404 page) carries in its header.
    func csrfToken(session: String) async throws -> String {
        let page = await send(.get, "/no-such-page", session: session)
        guard let token = page.csrfToken else { throw TestFailure("no csrf token on the page") }
        return token
    }
}
