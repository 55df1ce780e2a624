import Testing
import HTTPApp
import HTTPServer

@Suite struct SecurityHeadersMiddlewareTests {
    private let middleware: [any Middleware<BasicRequestContext>] = [SecurityHeadersMiddleware<BasicRequestContext>()]

    @Test func exactHeadersOnEveryResponse() async throws {
        for status in [HTTPStatus.ok, .notModified, .notFound, .internalServerError] {
            let response = try await run(middleware, HTTPRequest(method: .get, target: "/"),
                                         endpoint: respond(HTTPResponse(status: status)))
            #expect(response.headers["Content-Security-Policy"]
                == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            #expect(response.headers["Referrer-Policy"] == "same-origin")
            #expect(response.headers["X-Frame-Options"] == "DENY")
            #expect(response.headers["Cross-Origin-Opener-Policy"] == "same-origin")
            #expect(response.headers["Cross-Origin-Resource-Policy"] == "same-origin")
            #expect(response.headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()")
            #expect(response.headers["Strict-Transport-Security"] == nil)
        }
    }

    @Test func handlerCannotWeakenThePolicy() async throws {
        var headers = HTTPHeaders()
        headers.set("Content-Security-Policy", "default-src *")
        let response = try await run(middleware, HTTPRequest(method: .get, target: "/"),
                                     endpoint: respond(HTTPResponse(headers: headers)))
        #expect(response.headers.values("Content-Security-Policy").count == 1)
        #expect(response.headers["Content-Security-Policy"]?.hasPrefix("default-src 'none'") == true)
    }

    @Test(arguments: [
        ("text/html", "text/html; charset=utf-8"),
        ("text/css", "text/css; charset=utf-8"),
        ("application/json", "application/json; charset=utf-8"),
        ("application/javascript", "application/javascript; charset=utf-8"),
        ("text/plain; charset=iso-8859-1", "text/plain; charset=iso-8859-1"),
        ("text/html;Charset=UTF-8", "text/html;Charset=UTF-8"),
        ("image/png", "image/png"),
    ])
    func charsetIsAddedToTextualTypes(given: String, expected: String) async throws {
        let response = try await run(middleware, HTTPRequest(method: .get, target: "/"),
                                     endpoint: respond(HTTPResponse(contentType: given, text: "x")))
        #expect(response.headers["Content-Type"] == expected)
    }
}
