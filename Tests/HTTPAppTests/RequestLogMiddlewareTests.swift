import Testing
import Logging
@testable import HTTPApp
import HTTPServer

@Suite struct RequestLogMiddlewareTests {
    private let middleware: [any Middleware<BasicRequestContext>] = [RequestLogMiddleware<BasicRequestContext>()]

    @Test func oneLinePerRequestWithoutQueryOrSecrets() async throws {
        let recorder = LogRecorder()
        let request = HTTPRequest(
            method: .get,
            target: "/projects/p1?token=SECRET-QUERY",
            headers: ["Cookie": "__Host-session=SECRET-COOKIE", "Authorization": "Bearer SECRET-AUTH"]
        )
        _ = try await run(middleware, request, recorder: recorder,
                          endpoint: respond(HTTPResponse(contentType: "text/plain", text: "hello")))
        let records = recorder.records
        try #require(records.count == 1)
        let record = records[0]
        #expect(record.level == .info)
        #expect(record.message.wholeMatch(of: /GET \/projects\/p1 200 5B \d+\.\d\dms/) != nil, "\(record.message)")
        #expect(record.metadata["request.id"] == "req-1")
        let everything = record.message + record.metadata.map { "\($0.key)=\($0.value)" }.joined()
        #expect(!everything.contains("SECRET"))
    }

    @Test func thrownErrorStillLogsItsStatus() async throws {
        let recorder = LogRecorder()
        await #expect(throws: HTTPError.self) {
            _ = try await run(middleware, HTTPRequest(method: .post, target: "/x"), recorder: recorder) { _, _ in
                throw HTTPError(.forbidden)
            }
        }
        #expect(recorder.records.map(\.message).first?.hasPrefix("POST /x 403 0B") == true)
    }

    @Test func unknownErrorLogsAs500() async throws {
        struct Boom: Error {}
        let recorder = LogRecorder()
        await #expect(throws: Boom.self) {
            _ = try await run(middleware, HTTPRequest(method: .get, target: "/x"), recorder: recorder) { _, _ in throw Boom() }
        }
        #expect(recorder.records.first?.message.hasPrefix("GET /x 500 0B ") == true)
    }

    @Test func headReportsNoBodyBytes() async throws {
        let recorder = LogRecorder()
        _ = try await run(middleware, HTTPRequest(method: .head, target: "/"), recorder: recorder,
                          endpoint: respond(HTTPResponse(contentType: "text/plain", text: "hello")))
        #expect(recorder.records.first?.message.hasPrefix("HEAD / 200 0B ") == true)
    }

    @Test func longPathsAreShortened() {
        let long = "/" + String(repeating: "x", count: 600)
        #expect(RequestLogMiddleware<BasicRequestContext>.shortened(long) == String(long.prefix(512)) + "…")
        #expect(RequestLogMiddleware<BasicRequestContext>.shortened("/short") == "/short")
    }
}
