import Testing
import Logging
import Gzip
@testable import HTTPApp
import HTTPServer

/// The whole recommended stack through `Application`, without sockets.
@Suite struct ApplicationStackTests {
    private struct Boom: Error {}

    private func application(_ fixture: StaticFixture, recorder: LogRecorder) -> Application<BasicRequestContext> {
        var router = Router<BasicRequestContext>()
        router.get("/healthz") { _, _ in HTTPResponse(contentType: "text/plain", text: "ok") }
        router.get("/boom") { _, _ in throw Boom() }
        return Application(
            router: router,
            middleware: [
                RequestLogMiddleware(), SecurityHeadersMiddleware(), CompressionMiddleware(),
                ErrorMiddleware(), fixture.files,
            ],
            logger: recorder.logger(requestID: "unused")
        )
    }

    @Test func notFoundIsRenderedHardenedAndLogged() async throws {
        let recorder = LogRecorder()
        let app = application(try StaticFixture(), recorder: recorder)
        let response = await app.respond(to: HTTPRequest(method: .get, target: "/missing?q=secret"))
        #expect(response.status == .notFound)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        let requestID = try #require(response.headers["X-Request-Id"])
        #expect(text(response).contains("Request id: \(requestID)"))
        let lines = recorder.records.filter { $0.level == .info }
        #expect(lines.count == 1)
        #expect(lines.first?.message.hasPrefix("GET /missing 404 ") == true)
        #expect(lines.first?.metadata["request.id"]?.description == requestID)
    }

    @Test func internalErrorsStayInternal() async throws {
        let recorder = LogRecorder()
        let app = application(try StaticFixture(), recorder: recorder)
        let response = await app.respond(to: HTTPRequest(method: .get, target: "/boom"))
        #expect(response.status == .internalServerError)
        #expect(!text(response).contains("Boom"))
        #expect(recorder.records.contains { $0.level == .error && "\($0.metadata["error"] ?? "")".contains("Boom") })
    }

    @Test func staticAssetArrivesGzipped() async throws {
        let fixture = try StaticFixture()
        let app = application(fixture, recorder: LogRecorder())
        let response = await app.respond(to: HTTPRequest(method: .get, target: "/static/js/app.js", headers: ["Accept-Encoding": "gzip"]))
        #expect(response.status == .ok)
        #expect(response.headers.values("Content-Encoding") == ["gzip"])
        #expect(response.headers.values("Vary") == ["Accept-Encoding"])
        #expect(response.headers["Content-Security-Policy"] != nil)
        #expect(try Gzip.decompress(response.body, maxSize: 1 << 20) == sampleScript)
    }

    @Test func healthzIsPlain() async throws {
        let app = application(try StaticFixture(), recorder: LogRecorder())
        let response = await app.respond(to: HTTPRequest(method: .get, target: "/healthz"))
        #expect(text(response) == "ok")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
    }
}

@Suite struct RequestIDTests {
    @Test func sixteenLowercaseHexDigitsAndDistinct() {
        let ids = (0..<100).map { _ in Application<BasicRequestContext>.makeRequestID() }
        #expect(ids.allSatisfy { $0.count == 16 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
        #expect(Set(ids).count == ids.count)
    }
}
