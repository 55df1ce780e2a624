@testable import Console
import HTTPApp
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// Pages and forms read their input with `URLEncodedForm`: an undecodable
/// body or query is a clear 400 before any handler acts on half of it.
@Suite struct URLEncodedFormConsoleTests {
    @Test func malformedFormBodyIsRefusedWith400() async throws {
        let console = try await ConsoleHarness()
        let cookie = try await console.session("alice", "alice-password")
        var headers = HTTPHeaders()
        headers.set("Host", ConsoleHarness.host)
        headers.set("Origin", ConsoleHarness.origin)
        headers.set("Cookie", "\(Cookies.session)=\(cookie)")
        headers.set("Content-Type", "application/x-www-form-urlencoded")
        let token = try await console.csrfToken(session: cookie)
        let body = Array("csrf=\(token)&name=%E0%A4".utf8)
        let request = HTTPRequest(method: .post, target: SiteURL.rooms("p1").path, headers: headers, body: body,
                                  connection: ConnectionInfo(remoteAddress: "10.0.0.1", isSecure: true))
        let response = await console.app.respond(to: request)
        #expect(response.status == .badRequest)
        #expect(String(decoding: response.body, as: UTF8.self).contains("Field 2"))
        #expect(console.counter.count == 0)
    }

    @Test func malformedQueryIsRefusedWith400AndAGoodOneIsRead() async throws {
        let console = try await ConsoleHarness()
        let cookie = try await console.session("alice", "alice-password")
        let bad = await console.send(.get, SiteURL.newGrant(pid: "p1", room: nil, user: nil).path + "?room=%ZZ",
                                     session: cookie)
        #expect(bad.status == .badRequest)
        #expect(bad.text.contains("Field 1"))
        let login = await console.send(.get, "/login?next=%2Fprojects%2Fp1%3Fq%3Da%2Bb")
        #expect(login.status == .ok)
        #expect(login.text.contains("/projects/p1?q=a+b"))
    }
}
