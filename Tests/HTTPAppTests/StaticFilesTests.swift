import Foundation
import Testing
import Gzip
@testable import HTTPApp
import HTTPServer
@testable import GrantDeskTesting

/// Builds a `Public/`-like tree in a temporary directory, with traps:
/// dotfiles, a symlink to /etc/passwd, a symlink into the tree and a file
/// beside the root that `..` would reach.
final class StaticFixture {
    let scratch: TemporaryDirectory
    let base: URL
    let root: URL
    let css = Array(String(repeating: "body { margin: 0; padding: 0; color: #222; }\n", count: 20).utf8)
    let png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] + Array(repeating: 7, count: 600)
    let files: StaticFiles<BasicRequestContext>

    init() throws {
        scratch = try TemporaryDirectory("static")
        base = scratch.url
        root = base.appendingPathComponent("Public")
        let manager = FileManager.default
        for directory in ["css", "js", "img", "a", ".hidden"] {
            try manager.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        try Data(css).write(to: root.appendingPathComponent("css/app.css"))
        try Data(sampleScript).write(to: root.appendingPathComponent("js/app.js"))
        try Data(png).write(to: root.appendingPathComponent("img/logo.png"))
        try Data("{\"a\":1}".utf8).write(to: root.appendingPathComponent("a/b"))
        try Data("robots".utf8).write(to: root.appendingPathComponent("robots.txt"))
        try Data("SECRET=1".utf8).write(to: root.appendingPathComponent(".env"))
        try Data("hidden".utf8).write(to: root.appendingPathComponent(".hidden/secret.js"))
        try Data("outside".utf8).write(to: base.appendingPathComponent("outside.txt"))
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("passwd.txt").path, withDestinationPath: "/etc/passwd")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("escape.txt").path, withDestinationPath: "../outside.txt")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("env.txt").path, withDestinationPath: ".env")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("alias.js").path, withDestinationPath: "js/app.js")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        files = try StaticFiles(directory: root.path)
    }

    func get(_ target: String, method: HTTPMethod = .get, headers: HTTPHeaders = HTTPHeaders()) async throws -> HTTPResponse {
        try await run([files], HTTPRequest(method: method, target: target, headers: headers)) { _, _ in
            HTTPResponse(contentType: "text/plain", text: "next")
        }
    }
}

@Suite struct StaticFilesTests {
    @Test func loadsOnlyServableFiles() throws {
        let fixture = try StaticFixture()
        #expect(fixture.files.paths == ["a/b", "alias.js", "css/app.css", "img/logo.png", "js/app.js", "robots.txt"])
    }

    @Test func missingDirectoryFailsClearly() {
        do {
            _ = try StaticFiles<BasicRequestContext>(directory: "/nonexistent/Public")
            Issue.record("expected an error")
        } catch {
            #expect(error == .missingDirectory("/nonexistent/Public"))
            #expect(error.description == "static files directory '/nonexistent/Public' does not exist")
        }
    }

    @Test(arguments: [
        ("/static/css/app.css", "text/css; charset=utf-8"),
        ("/static/js/app.js", "text/javascript; charset=utf-8"),
        ("/static/img/logo.png", "image/png"),
        ("/static/robots.txt", "text/plain; charset=utf-8"),
    ])
    func contentTypes(target: String, type: String) async throws {
        let response = try await StaticFixture().get(target)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == type)
    }

    @Test(arguments: ["x.css", "x.js", "x.svg", "x.png", "x.ico", "x.woff2", "x.json", "x.txt", "x.map", "x", ".x"])
    func extensionTable(name: String) {
        let expected = [
            "x.css": "text/css; charset=utf-8", "x.js": "text/javascript; charset=utf-8", "x.svg": "image/svg+xml",
            "x.png": "image/png", "x.ico": "image/x-icon", "x.woff2": "font/woff2",
            "x.json": "application/json; charset=utf-8", "x.txt": "text/plain; charset=utf-8",
            "x.map": "application/json; charset=utf-8", "x": "application/octet-stream", ".x": "application/octet-stream",
        ]
        #expect(MediaType.forFileName(name) == expected[name])
    }

    @Test func validatorsAndCaching() async throws {
        let fixture = try StaticFixture()
        let response = try await fixture.get("/static/js/app.js")
        let etag = try #require(response.headers["ETag"])
        #expect(etag.count == 34 && etag.hasPrefix("\"") && etag.hasSuffix("\""))
        #expect(etag.dropFirst().dropLast().allSatisfy { "0123456789abcdef".contains($0) })
        #expect(response.headers["Cache-Control"] == "no-cache")
        #expect(response.headers["Vary"] == "Accept-Encoding")
        let lastModified = try #require(response.headers["Last-Modified"])
        #expect(lastModified.hasSuffix(" GMT") && HTTPDateFormat.parse(lastModified) != nil)
        #expect(response.body == sampleScript)
        #expect(response.headers["Content-Encoding"] == nil)
    }

    @Test func gzipCopyForClientsThatAcceptIt() async throws {
        let fixture = try StaticFixture()
        let plain = try await fixture.get("/static/js/app.js")
        let gzipped = try await fixture.get("/static/js/app.js", headers: ["Accept-Encoding": "gzip, deflate"])
        #expect(gzipped.headers["Content-Encoding"] == "gzip")
        #expect(gzipped.headers["Vary"] == "Accept-Encoding")
        #expect(try Gzip.decompress(gzipped.body, maxSize: 1 << 20) == sampleScript)
        #expect(gzipped.headers["ETag"] != plain.headers["ETag"])
        let refused = try await fixture.get("/static/js/app.js", headers: ["Accept-Encoding": "gzip;q=0"])
        #expect(refused.headers["Content-Encoding"] == nil)
    }

    @Test func imagesAreNotCompressed() async throws {
        let response = try await StaticFixture().get("/static/img/logo.png", headers: ["Accept-Encoding": "gzip"])
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.headers["Vary"] == nil)
    }

    @Test func ifNoneMatchGives304WithoutBody() async throws {
        let fixture = try StaticFixture()
        let first = try await fixture.get("/static/css/app.css", headers: ["Accept-Encoding": "gzip"])
        let etag = try #require(first.headers["ETag"])
        for value in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
            let again = try await fixture.get("/static/css/app.css", headers: ["If-None-Match": value, "Accept-Encoding": "gzip"])
            #expect(again.status == .notModified, "If-None-Match: \(value)")
            #expect(again.body.isEmpty)
            #expect(again.headers["ETag"] == etag)
            #expect(again.headers["Content-Encoding"] == nil)
        }
        let changed = try await fixture.get("/static/css/app.css", headers: ["If-None-Match": "\"stale\""])
        #expect(changed.status == .ok)
        #expect(changed.body == fixture.css)
    }

    @Test func ifModifiedSince() async throws {
        let fixture = try StaticFixture()
        let future = HTTPDateFormat.format(Int64(Date().timeIntervalSince1970) + 3600)
        let past = "Sun, 06 Nov 1994 08:49:37 GMT"
        #expect(try await fixture.get("/static/robots.txt", headers: ["If-Modified-Since": future]).status == .notModified)
        #expect(try await fixture.get("/static/robots.txt", headers: ["If-Modified-Since": past]).status == .ok)
        #expect(try await fixture.get("/static/robots.txt", headers: ["If-Modified-Since": "yesterday"]).status == .ok)
        // If-None-Match takes precedence when both are present.
        let both = try await fixture.get("/static/robots.txt", headers: ["If-Modified-Since": future, "If-None-Match": "\"x\""])
        #expect(both.status == .ok)
    }

    @Test func headMatchesGet() async throws {
        let fixture = try StaticFixture()
        let get = try await fixture.get("/static/js/app.js", headers: ["Accept-Encoding": "gzip"])
        let head = try await fixture.get("/static/js/app.js", method: .head, headers: ["Accept-Encoding": "gzip"])
        #expect(head.status == .ok)
        #expect(head.headers == get.headers)
        #expect(head.body.count == get.body.count)
    }

    @Test func symlinkInsideTheRootIsServed() async throws {
        let response = try await StaticFixture().get("/static/alias.js")
        #expect(response.body == sampleScript)
    }

    @Test(arguments: [
        "/static/../Package.swift", "/static/%2e%2e/outside.txt", "/static/%2E%2E/outside.txt", "/static/..%2foutside.txt",
        "/static/a%2fb", "/static/a%2Fb", "/static/a%5cb", "/static/a\\b", "/static/js/../css/app.css",
        "/static/./robots.txt", "/static/robots.txt%00", "/static/robots.txt%00.png", "/static/.env", "/static/%2eenv",
        "/static/.hidden/secret.js", "/static/passwd.txt", "/static/escape.txt", "/static/env.txt", "/static/etc/passwd",
        "/static/", "/static/css/", "/static//robots.txt", "/static/css//app.css", "/static/%zz", "/static/%ff",
        "/static/nope.js",
    ])
    func escapesAndUnknownPathsAre404(target: String) async throws {
        let fixture = try StaticFixture()
        await #expect(throws: HTTPError(.notFound, message: "There is no file at this address.")) {
            _ = try await fixture.get(target)
        }
    }

    @Test func percentEncodedNameStillMatches() async throws {
        #expect(try await StaticFixture().get("/static/robots%2Etxt").status == .ok)
    }

    @Test func otherMethodsAre405() async throws {
        do {
            _ = try await StaticFixture().get("/static/robots.txt", method: .post)
            Issue.record("expected 405")
        } catch let error as HTTPError {
            #expect(error.status == .methodNotAllowed)
            #expect(error.headers["Allow"] == "GET, HEAD")
        }
    }

    @Test func otherPathsPassThrough() async throws {
        let fixture = try StaticFixture()
        #expect(text(try await fixture.get("/staticx/robots.txt")) == "next")
        #expect(text(try await fixture.get("/static")) == "next")
    }
}
