import AccountsAPI
import AccountsServer
import CryptoPrimitives
@testable import Console
import Foundation
import GrantModel
import HTTPApp
import HTTPServer
import Logging
import ParticipantTokens
import Synchronization
import Testing
@testable import GrantDeskTesting

/// The token preview (grant page and `…/token`) and the token inspector,
/// through the real console against the embedded accounts API.
@Suite("Participant tokens: preview and inspector", .serialized)
struct TokenPagesTests {
    static let pid = ConsoleHarness.pid
    static let owner = AccountsStore.ownerProfile.id

    @Test("the grant page and the token page show the api grant as MeshAgent mints it, and what it leaves out")
    func preview() async throws {
        let console = try await ConsoleHarness(.embedded(hostile: true))
        defer { Task { await console.stop() } }
        let session = try await console.adminSession()
        // The demo grant with keys GrantDesk does not know.
        let grant = try await console.accounts.grant(projectID: Self.pid, roomID: "team/alpha room", userID: "user-13")
        let expected = JSONDisplay.text(try ApiScope(json: grant.permissions, mode: .lenient).participantTokenJSON)
        for url in [SiteURL.grant(pid: Self.pid, room: "team/alpha room", userID: "user-13").path,
                    SiteURL.grantToken(pid: Self.pid, room: "team/alpha room", userID: "user-13").path] {
            let page = await console.send(.get, url, session: session)
            #expect(page.status == .ok, "\(url)")
            let html = page.text
            #expect(html.contains(ScalarHTMLContentType().escapeText(expected)), "\(url)")
            #expect(html.contains("Not carried into the token"), "\(url)")
            #expect(html.contains("sqlite"), "\(url)")
        }
        let tokenPage = await console.send(.get, SiteURL.grantToken(pid: Self.pid, room: "team/alpha room", userID: "user-13").path,
                                           session: session)
        #expect(tokenPage.text.contains(ParticipantToken.sdkVersion))
        // A reviewer reads it too; hostile names render inert.
        let reviewer = try await console.reviewerSession()
        let hostile = await console.send(.get, SiteURL.grantToken(pid: Self.pid, room: Hostile.room, userID: Hostile.user).path,
                                         session: reviewer)
        #expect(hostile.status == .ok)
        #expect(!hostile.text.contains("<img src=x") && !hostile.text.contains("<script>window"))
        let missing = await console.send(.get, SiteURL.grantToken(pid: Self.pid, room: "lobby", userID: "nobody").path, session: session)
        #expect(missing.status == .notFound)
    }

    /// A grant for the embedded API's caller and the token `connect` mints from it.
    private func mintedToken(_ console: ConsoleHarness) async throws -> (jwt: String, secret: String) {
        let scope = try JSONValue(parsing: #"{"admin":{},"tunnels":{},"queues":{"send":["jobs"]}}"#)
        try await console.accounts.createGrant(projectID: Self.pid, roomID: "lobby", userID: Self.owner, permissions: scope)
        let connection = try await console.accounts.connect(projectID: Self.pid, room: "lobby")
        let key = try await #require(console.embedded).store.projectKey(projectID: Self.pid)
        return (connection.jwt, key.secret)
    }

    private func inspect(_ console: ConsoleHarness, session: String, token: String, secret: String) async throws -> HTTPResponse {
        let csrf = try await console.csrfToken(session: session)
        return await console.send(.post, SiteURL.tokenInspect.path, session: session,
                                  form: [("csrf", csrf), ("token", token), ("secret", secret)])
    }

    @Test("the inspector verifies a token the embedded API minted and refuses a wrong secret or a changed payload")
    func inspectorVerifies() async throws {
        let console = try await ConsoleHarness(.embedded())
        defer { Task { await console.stop() } }
        let session = try await console.adminSession()
        let form = await console.send(.get, SiteURL.tokenInspect.path, session: session)
        #expect(form.status == .ok && form.text.contains("name=\"token\""))
        let (jwt, secret) = try await mintedToken(console)

        let valid = try await inspect(console, session: session, token: jwt, secret: secret)
        #expect(valid.status == .ok)
        #expect(valid.text.contains("Signature valid"))
        #expect(valid.text.contains("admin@grantdesk.local") && valid.text.contains("lobby"))
        // The api grant in words, with its risk flags.
        #expect(valid.text.contains("This token carries broad access"))
        #expect(valid.text.contains("badge badge-risk\" title=\"") && valid.text.contains(">tunnels<"))
        // The embedded API's clock is the real one; the console's test clock is later: expired.
        #expect(valid.text.contains("Expired"))
        // Neither the secret nor the token comes back in the page.
        #expect(!valid.text.contains(secret))
        #expect(!valid.text.contains(jwt))

        let wrong = try await inspect(console, session: session, token: jwt, secret: secret + "x")
        #expect(wrong.status == .ok && wrong.text.contains("Signature does not match") && !wrong.text.contains("Signature valid"))

        var parts = jwt.split(separator: ".").map(String.init)
        var claims = try CompactJWT(parsing: jwt).payload
        claims["name"] = "mallory@example.com"
        parts[1] = Base64URL.encode(Array(JSONValue.object(claims).serialized().utf8))
        let changed = try await inspect(console, session: session, token: parts.joined(separator: "."), secret: secret)
        #expect(changed.text.contains("Signature does not match") && changed.text.contains("mallory@example.com"))

        let unchecked = try await inspect(console, session: session, token: jwt, secret: "")
        #expect(unchecked.text.contains("Signature not checked"))

        // A token that is still valid by the console's clock.
        let key = try await #require(console.embedded).store.projectKey(projectID: Self.pid)
        let current = ParticipantToken.joining(room: "lobby", name: "ada", scope: ApiScope(), projectID: Self.pid, keyID: key.keyID,
                                               expiresAt: console.clock.date.timeIntervalSince1970 + 600)
        let fresh = try await inspect(console, session: session, token: current.signed(secret: Array(key.secret.utf8)), secret: secret)
        #expect(fresh.text.contains("Signature valid") && fresh.text.contains("Not expired"))

        // Inspecting changes nothing, so it leaves nothing in the audit log (and so no secret there).
        #expect(try await console.services.audit.entries(project: nil).isEmpty)
    }

    @Test("malformed tokens get a clear error naming what is wrong; alg none is refused")
    func inspectorErrors() async throws {
        let console = try await ConsoleHarness()
        let session = try await console.adminSession()
        let cases: [(String, String)] = [
            ("a.b", "three parts"),
            ("!!!.e30.", "header is not valid Base64URL"),
            ("eyJhbGciOiJIUzI1NiJ9.e3g.", "payload decodes, but is not valid JSON"),
            ("e30.e30.", "names no algorithm"),
            ("eyJhbGciOiJub25lIn0.e30.", "alg &quot;none&quot;"),
            ("eyJhbGciOiJIUzI1NiJ9.W10.", "payload is JSON, but not an object"),
        ]
        for (token, message) in cases {
            let response = try await inspect(console, session: session, token: token, secret: "s3cret-never-echoed")
            #expect(response.status == .unprocessableContent, "\(token)")
            #expect(response.text.contains(message), "\(token): \(message)")
            #expect(!response.text.contains("s3cret-never-echoed"))
        }
        // Claims that are JSON but not a participant token: decoded, and said so.
        let odd = try await inspect(console, session: session, token: CompactJWT.signed(payload: ["sub": 1], secret: [1]), secret: "")
        #expect(odd.status == .ok && odd.text.contains("Not a participant token"))
    }

    @Test("the inspector's POST needs the CSRF token; a reviewer is refused like any POST")
    func inspectorGuards() async throws {
        let console = try await ConsoleHarness()
        let session = try await console.adminSession()
        let forged = await console.send(.post, SiteURL.tokenInspect.path, session: session, form: [("token", "a.b.c")])
        #expect(forged.status == .forbidden)
        let reviewer = try await console.reviewerSession()
        let refused = try await inspect(console, session: reviewer, token: "a.b.c", secret: "s3cret-never-echoed")
        #expect(refused.status == .forbidden)
        let audit = try await console.services.audit.entries(project: nil)
        #expect(audit.contains { $0.actor == "rita" && $0.outcome.hasPrefix("refused") })
        #expect(!"\(audit)".contains("s3cret-never-echoed"))
    }

    @Test("neither the token nor the secret reaches the request log")
    func nothingLogged() async throws {
        let lines = LogLines()
        var logger = Logger(label: "console") { _ in LogLines.Handler(lines: lines) }
        logger.logLevel = .trace
        let console = try await ConsoleHarness(.embedded(), logger: logger)
        defer { Task { await console.stop() } }
        let session = try await console.adminSession()
        let (jwt, secret) = try await mintedToken(console)
        let page = try await inspect(console, session: session, token: jwt, secret: secret)
        #expect(page.text.contains("Signature valid"))
        let logged = lines.all.joined(separator: "\n")
        #expect(logged.contains("POST /tokens/inspect 200"), "the request was logged: \(logged.suffix(500))")
        #expect(!logged.contains(secret) && !logged.contains(jwt.split(separator: ".")[1]))
    }
}

/// Every message and metadata value logged, as text.
final class LogLines: Sendable {
    private let stored = Mutex<[String]>([])
    var all: [String] { stored.withLock { $0 } }

    struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let text = "\(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })"
            lines.stored.withLock { $0.append(text) }
        }
    }
}
