@testable import Console
import HTTPApp
import HTTPServer
import Logging
import Testing

@Suite struct SiteURLTests {
    @Test func encodesSegmentsAndQueries() {
        #expect(SiteURL.room(pid: "p1", room: "a b/../c").path == "/projects/p1/rooms/a%20b%2F..%2Fc")
        #expect(SiteURL.grant(pid: "p", room: "r?x", userID: "u#1").path == "/projects/p/grants/r%3Fx/u%231")
        #expect(SiteURL.newGrant(pid: "p", room: "lobby", user: "a&b=c").path
            == "/projects/p/grants/new?room=lobby&user=a%26b%3Dc")
        #expect(SiteURL.newGrant(pid: "p", room: nil, user: nil).path == "/projects/p/grants/new")
        #expect(SiteURL.login(next: "/projects/p?x=1").path == "/login?next=%2Fprojects%2Fp%3Fx%3D1")
        #expect(SiteURL.static("css/app.css").path == "/static/css/app.css")
        #expect(SiteURL.projects.path(query: [("sort", "name desc")]) == "/projects?sort=name%20desc")
    }

    @Test func everyLinkRoutesBackToItsValues() async throws {
        var router = Router<BasicContextProbe>()
        for route in SiteRoute.allCases {
            router.get(route.pattern) { _, context in
                HTTPResponse(status: .ok, contentType: "text/plain",
                             text: "\(route.rawValue)|\(context.parameters["pid"] ?? "")|\(context.parameters["room"] ?? "")|\(context.parameters["user_id"] ?? "")")
            }
        }
        let respond = router.responder()
        let cases: [(SiteURL, String)] = [
            (.room(pid: "p 1", room: "élan/x"), "/projects/:pid/rooms/:room|p 1|élan/x|"),
            (.grant(pid: "p", room: "new", userID: "u/1"), "/projects/:pid/grants/:room/:user_id|p|new|u/1"),
            (.newGrant(pid: "p", room: "r", user: nil), "/projects/:pid/grants/new|p||"),
            (.user(pid: "p", userID: "<script>"), "/projects/:pid/users/:user_id|p||<script>"),
            (.grantEdit(pid: "p", room: "r", userID: "u"), "/projects/:pid/grants/:room/:user_id/edit|p|r|u"),
        ]
        for (url, expected) in cases {
            let request = HTTPRequest(method: .get, target: url.path)
            let response = try await respond(request, BasicContextProbe(request: request, requestID: "t", logger: .init(label: "t")))
            #expect(String(decoding: response.body, as: UTF8.self) == expected, "\(url.path)")
        }
    }

    @Test func redirectTargetsStayOnSite() {
        for good in ["/projects", "/projects/p1/rooms/a%20b?x=1", "/"] {
            #expect(RedirectTarget.safe(good) == good)
        }
        for bad in ["//evil.example", "/\\evil.example", "https://evil.example", "evil", "", "/\t/evil.example",
                    "/ok\r\nLocation: //x", "/login", "/logout", "\\\\evil"] {
            #expect(RedirectTarget.safe(bad) == "/projects", "\(bad)")
        }
        #expect(RedirectTarget.safe(nil) == "/projects")
        // Percent-encoded CR/LF stay encoded in the Location header: harmless.
        #expect(RedirectTarget.safe("/%0d%0aSet-Cookie") == "/%0d%0aSet-Cookie")
    }
}

/// A minimal context for router-only tests.
struct BasicContextProbe: RequestContext {
    let requestID: String
    var logger: Logger
    var route = MatchedRoute()
    var parameters = RouteParameters()
    var clientAddress = ""
    init(request: HTTPRequest, requestID: String, logger: Logger) {
        self.requestID = requestID
        self.logger = logger
    }
}
