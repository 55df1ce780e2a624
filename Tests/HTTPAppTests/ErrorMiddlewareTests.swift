import Testing
import Logging
@testable import HTTPApp
import HTTPServer

@Suite struct ErrorMiddlewareTests {
    private struct DatabaseExploded: Error, CustomStringConvertible {
        var description: String { "SQLITE_CORRUPT at /var/lib/grantdesk/secret.db" }
    }

    private struct UpstreamDown: HTTPResponseError {
        var status: HTTPStatus { .badGateway }
        var message: String { "The accounts service is not answering." }
        var headers: HTTPHeaders { ["Retry-After": "5"] }
    }

    private let plain: [any Middleware<BasicRequestContext>] = [ErrorMiddleware<BasicRequestContext>()]

    @Test func httpErrorKeepsStatusMessageAndHeaders() async throws {
        let recorder = LogRecorder()
        let response = try await run(plain, HTTPRequest(method: .delete, target: "/x"), recorder: recorder) { _, _ in
            throw HTTPError(.methodNotAllowed, message: "No deleting here.", headers: ["Allow": "GET, HEAD"])
        }
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(text(response) == "405 Method Not Allowed\n\nNo deleting here.\n\nRequest id: req-1\n")
        #expect(recorder.records.isEmpty, "4xx are the client's business, not error logs")
    }

    @Test func unknownErrorIsGeneric500AndLogged() async throws {
        let recorder = LogRecorder()
        let response = try await run(plain, HTTPRequest(method: .get, target: "/projects"), recorder: recorder) { _, _ in
            throw DatabaseExploded()
        }
        #expect(response.status == .internalServerError)
        #expect(!text(response).contains("SQLITE"))
        #expect(!text(response).contains("secret"))
        #expect(text(response).contains(ErrorMiddleware<BasicRequestContext>.genericMessage))
        let records = recorder.records
        try #require(records.count == 1)
        #expect(records[0].level == .error)
        #expect(records[0].metadata["request.id"] == "req-1")
        #expect(records[0].metadata["error"]?.description.contains("SQLITE_CORRUPT") == true)
    }

    @Test func serverSideResponseErrorsAreLoggedToo() async throws {
        let recorder = LogRecorder()
        let response = try await run(plain, HTTPRequest(method: .get, target: "/p"), recorder: recorder) { _, _ in
            throw UpstreamDown()
        }
        #expect(response.status == .badGateway)
        #expect(response.headers["Retry-After"] == "5")
        #expect(text(response).contains("The accounts service is not answering."))
        #expect(recorder.records.map(\.level) == [.error])
    }

    @Test func apiPathsGetJSON() async throws {
        let response = try await run(plain, HTTPRequest(method: .get, target: "/api/grants?x=1")) { _, _ in
            throw DatabaseExploded()
        }
        #expect(response.status == .internalServerError)
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(text(response) == "{\"error\":{\"status\":500,\"message\":\"\(ErrorMiddleware<BasicRequestContext>.genericMessage)\",\"request_id\":\"req-1\"}}")
    }

    @Test func apiPrefixIsExact() {
        #expect(ErrorPage.isAPIPath("/api"))
        #expect(ErrorPage.isAPIPath("/api/x"))
        #expect(!ErrorPage.isAPIPath("/apiary"))
    }

    @Test func jsonEscaping() {
        #expect(ErrorPage.jsonString("a\"b\\c\n</script>\u{2028}\u{01}") == "\"a\\\"b\\\\c\\n\\u003c/script>\\u2028\\u0001\"")
    }

    @Test func customRendererGetsThePage() async throws {
        let middleware: [any Middleware<BasicRequestContext>] = [
            ErrorMiddleware<BasicRequestContext> { page, request, _ in
                HTTPResponse(status: page.status, contentType: "text/html",
                             text: "<h1>\(page.title)</h1>\(page.message)|\(page.requestID)|\(request.path)")
            },
        ]
        let response = try await run(middleware, HTTPRequest(method: .get, target: "/nope")) { _, _ in
            throw HTTPError(.notFound, message: "There is no page at this address.")
        }
        #expect(response.status == .notFound)
        #expect(text(response) == "<h1>Not Found</h1>There is no page at this address.|req-1|/nope")
        #expect(response.headers["Cache-Control"] == "no-store")
    }

    @Test func successPassesThrough() async throws {
        let response = try await run(plain, HTTPRequest(method: .get, target: "/")) { _, _ in
            HTTPResponse(contentType: "text/plain", text: "fine")
        }
        #expect(response.status == .ok)
        #expect(response.headers["Cache-Control"] == nil)
    }
}
