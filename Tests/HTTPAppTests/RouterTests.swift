import Testing
import Logging
@testable import HTTPApp
import HTTPServer

@Suite struct RouterTests {
    private func run(_ router: Router<BasicRequestContext>, _ method: HTTPMethod, _ target: String) async throws -> HTTPResponse {
        let request = HTTPRequest(method: method, target: target)
        let context = BasicRequestContext(request: request, requestID: "t", logger: Logger(label: "test"))
        return try await router.responder()(request, context)
    }

    private func echoRouter() -> Router<BasicRequestContext> {
        var router = Router<BasicRequestContext>()
        router.get("/projects/:pid/rooms/:room") { _, context in
            HTTPResponse(contentType: "text/plain", text: "\(context.parameters["pid"]!)|\(context.parameters["room"]!)")
        }
        router.post("/projects/:pid/rooms/:room") { _, _ in HTTPResponse(status: .noContent) }
        router.get("/static/*path") { _, context in
            HTTPResponse(contentType: "text/plain", text: context.parameters["path"]!)
        }
        return router
    }

    @Test func capturesArePercentDecoded() async throws {
        let response = try await run(echoRouter(), .get, "/projects/p1/rooms/team%2Falpha%20room?x=1")
        #expect(String(decoding: response.body, as: UTF8.self) == "p1|team/alpha room")
    }

    @Test func restCapturesTheRemainder() async throws {
        let response = try await run(echoRouter(), .get, "/static/css/app.css")
        #expect(String(decoding: response.body, as: UTF8.self) == "css/app.css")
    }

    @Test func headUsesGetHandler() async throws {
        let response = try await run(echoRouter(), .head, "/projects/p/rooms/r")
        #expect(response.status == .ok)
    }

    @Test func unknownPathIs404() async throws {
        await #expect(throws: HTTPError(.notFound, message: "There is no page at this address.")) {
            _ = try await run(echoRouter(), .get, "/nope")
        }
    }

    @Test func otherMethodIs405WithAllow() async throws {
        do {
            _ = try await run(echoRouter(), .delete, "/projects/p/rooms/r")
            Issue.record("expected 405")
        } catch let error as HTTPError {
            #expect(error.status == .methodNotAllowed)
            #expect(error.headers["Allow"] == "GET, HEAD, POST")
        }
    }

    @Test func invalidUTF8CaptureDoesNotMatch() async throws {
        await #expect(throws: HTTPError.self) {
            _ = try await run(echoRouter(), .get, "/projects/%FF/rooms/r")
        }
    }
}
