import Testing
import Gzip
import HTTPApp
import HTTPServer

@Suite struct CompressionMiddlewareTests {
    private let middleware: [any Middleware<BasicRequestContext>] = [CompressionMiddleware<BasicRequestContext>()]

    private func script(_ extra: HTTPHeaders = HTTPHeaders(), type: String = "text/javascript") -> HTTPResponse {
        var headers = extra
        headers.set("Content-Type", type)
        return HTTPResponse(headers: headers, body: sampleScript)
    }

    private func get(_ acceptEncoding: String?, method: HTTPMethod = .get) -> HTTPRequest {
        var headers = HTTPHeaders()
        if let acceptEncoding { headers.set("Accept-Encoding", acceptEncoding) }
        return HTTPRequest(method: method, target: "/app.js", headers: headers)
    }

    @Test func gzipRoundTrip() async throws {
        let response = try await run(middleware, get("gzip, br"), endpoint: respond(script()))
        #expect(response.headers["Content-Encoding"] == "gzip")
        #expect(response.headers["Vary"] == "Accept-Encoding")
        #expect(response.body.count < sampleScript.count)
        #expect(try Gzip.decompress(response.body, maxSize: 1 << 20) == sampleScript)
    }

    @Test(arguments: [nil, "gzip;q=0", "br", "*;q=0", "identity"] as [String?])
    func refusedEncodingLeavesBodyButVaries(acceptEncoding: String?) async throws {
        let response = try await run(middleware, get(acceptEncoding), endpoint: respond(script()))
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.body == sampleScript)
        #expect(response.headers["Vary"] == "Accept-Encoding")
    }

    @Test func wildcardAllowsGzip() async throws {
        let response = try await run(middleware, get("*"), endpoint: respond(script()))
        #expect(response.headers["Content-Encoding"] == "gzip")
    }

    @Test(arguments: ["image/png", "font/woff2", "application/zip", "application/octet-stream"])
    func incompressibleTypesAreUntouched(type: String) async throws {
        let response = try await run(middleware, get("gzip"), endpoint: respond(script(type: type)))
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.headers["Vary"] == nil)
        #expect(response.body == sampleScript)
    }

    @Test(arguments: ["text/html; charset=utf-8", "application/json", "image/svg+xml", "text/css"])
    func compressibleTypes(type: String) async throws {
        let response = try await run(middleware, get("gzip"), endpoint: respond(script(type: type)))
        #expect(response.headers["Content-Encoding"] == "gzip")
    }

    @Test func smallBodiesAreSentAsIs() async throws {
        let small = HTTPResponse(contentType: "text/plain", text: String(repeating: "a", count: 1000))
        let response = try await run(middleware, get("gzip"), endpoint: respond(small))
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.headers["Vary"] == "Accept-Encoding")
    }

    @Test func alreadyEncodedIsNotCompressedTwice() async throws {
        let encoded = script(["Content-Encoding": "br"])
        let response = try await run(middleware, get("gzip"), endpoint: respond(encoded))
        #expect(response.headers.values("Content-Encoding") == ["br"])
        #expect(response.body == sampleScript)
    }

    @Test func noTransformIsRespected() async throws {
        let response = try await run(middleware, get("gzip"), endpoint: respond(script(["Cache-Control": "no-store, no-transform"])))
        #expect(response.headers["Content-Encoding"] == nil)
    }

    @Test func existingVaryIsExtendedNotDuplicated() async throws {
        let once = try await run(middleware, get("gzip"), endpoint: respond(script(["Vary": "Cookie"])))
        #expect(once.headers.values("Vary") == ["Cookie, Accept-Encoding"])
        let already = try await run(middleware, get("gzip"), endpoint: respond(script(["Vary": "accept-encoding"])))
        #expect(already.headers.values("Vary") == ["accept-encoding"])
    }

    @Test func headGetsTheSameLengthAsGet() async throws {
        let getResponse = try await run(middleware, get("gzip"), endpoint: respond(script()))
        let headResponse = try await run(middleware, get("gzip", method: .head), endpoint: respond(script()))
        #expect(headResponse.headers["Content-Encoding"] == "gzip")
        #expect(headResponse.body.count == getResponse.body.count)
    }

    @Test func strongETagGetsAVariantSuffix() async throws {
        let response = try await run(middleware, get("gzip"), endpoint: respond(script(["ETag": "\"abc\""])))
        #expect(response.headers["ETag"] == "\"abc-gzip\"")
    }

    @Test func bodylessStatusesAreUntouched() async throws {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "text/plain")
        let response = try await run(middleware, get("gzip"), endpoint: respond(HTTPResponse(status: .notModified, headers: headers)))
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.body.isEmpty)
    }
}
