@testable import Console
import Foundation
import HTTPServer
import Logging
import Testing
import Transport
@testable import GrantDeskTesting

/// The limits `serve` gives its server: small bodies before sign-in, and a
/// cap on connections from one client address.
@Suite struct ConsoleServerLimitsTests {
    func head(_ target: String, cookie: String? = nil, type: String? = nil) -> RequestHead {
        var headers: HTTPHeaders = ["Host": "h", "Content-Length": "1"]
        if let cookie { headers.add("Cookie", cookie) }
        if let type { headers.add("Content-Type", type) }
        return RequestHead(method: .post, target: target, version: .http11, headers: headers,
                           framing: .length(1), keepAlive: true, expectsContinue: false)
    }

    @Test func smallOnTheSignInFormAndWithoutASessionCookie() {
        #expect(ConsoleBodyLimit.limit(for: head("/login")) == 16 * 1024)
        #expect(ConsoleBodyLimit.limit(for: head("/login?next=%2F", cookie: "__Host-grantdesk=s")) == 16 * 1024)
        #expect(ConsoleBodyLimit.limit(for: head("/projects/p1/grants")) == 16 * 1024)
        #expect(ConsoleBodyLimit.limit(for: head("/projects/p1/grants", cookie: "__Host-grantdesk-login=x")) == 16 * 1024,
                "the sign-in form's cookie is not a session")
        #expect(ConsoleBodyLimit.limit(for: head("/projects/p1/grants", cookie: "a=1; __Host-grantdesk=s")) == 1024 * 1024,
                "with a session cookie the ordinary 1 MiB")
        #expect(ConsoleBodyLimit.limit(for: head("/projects/p1/storage/upload?path=a", cookie: "__Host-grantdesk=s"))
                == ConsoleBodyLimit.storageStream, "only a signed-in storage upload may be larger")
        #expect(ConsoleBodyLimit.limit(for: head("/projects/p1/storage/upload", cookie: "__Host-grantdesk=s",
                                                 type: "multipart/form-data; boundary=x")) == ConsoleBodyLimit.storageUpload,
                "a multipart upload is collected, so it keeps the smaller limit")
        #expect(ConsoleBodyLimit.limit(for: head("/projects/p1/storage/upload")) == 16 * 1024)
        #expect(ConsoleBodyLimit.limit(for: head("/projects/p1/storage/uploadx", cookie: "__Host-grantdesk=s")) == 1024 * 1024)
    }

    @Test func onlyASignedInRawStorageUploadIsStreamed() {
        let session = "__Host-grantdesk=s"
        #expect(ConsoleBodyLimit.isStreamedUpload(head("/projects/p1/storage/upload?path=a", cookie: session,
                                                       type: "application/octet-stream")))
        #expect(!ConsoleBodyLimit.isStreamedUpload(head("/projects/p1/storage/upload", cookie: session,
                                                        type: "multipart/form-data; boundary=x")))
        #expect(!ConsoleBodyLimit.isStreamedUpload(head("/projects/p1/storage/upload?path=a")), "not before sign-in")
        #expect(!ConsoleBodyLimit.isStreamedUpload(head("/projects/p1/grants", cookie: session)))
    }

    @Test func theServeRuntimeRefusesLargeBodiesBeforeSignInWith413() async throws {
        let (scratch, configuration) = try StartUpTests().resources(templates: nil)
        defer { scratch.remove() }
        let runtime = try await ConsoleRuntime.start(
            configuration: configuration, logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        let host = "Host: 127.0.0.1:\(runtime.port)\r\nConnection: close\r\n"
        let large = 16 * 1024 + 1

        let login = try await RawClient.exchange(port: runtime.port, """
            POST /login HTTP/1.1\r\n\(host)Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(large)\r\n\r\n
            """)
        #expect(login.status == 413, "refused from the head alone: no body was sent")

        let anonymous = try await RawClient.exchange(port: runtime.port, """
            POST /projects/p1/grants HTTP/1.1\r\n\(host)Content-Length: \(large)\r\n\r\n
            """)
        #expect(anonymous.status == 413)

        let body = String(repeating: "a", count: large)
        let withSession = try await RawClient.exchange(port: runtime.port, """
            POST /projects/p1/grants HTTP/1.1\r\n\(host)Cookie: __Host-grantdesk=unknown\r\nContent-Length: \(large)\r\n\r\n\(body)
            """)
        #expect(withSession.status != 413, "read in full; the application answers")
        await runtime.shutdown()
    }

    @Test func theServeRuntimeCapsConnectionsPerAddress() async throws {
        let (scratch, base) = try StartUpTests().resources(templates: nil)
        defer { scratch.remove() }
        var configuration = base
        configuration.maxConnectionsPerAddress = 1
        let runtime = try await ConsoleRuntime.start(
            configuration: configuration, logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:\(runtime.port)\r\nConnection: close\r\n\r\n"
        // Accepted first, so it holds the address's only slot while the next one connects.
        let held = try Posix.connect(host: "127.0.0.1", port: runtime.port, receiveTimeoutSeconds: 10)
        await #expect(throws: (any Error).self, "closed at accept, without a response") {
            try await RawClient.exchange(port: runtime.port, request)
        }
        Posix.close(held)
        await runtime.shutdown()
    }

    @Test func theFlagRefusesANegativeCap() throws {
        let result = try CommandLineTests().run(["serve", "--max-connections-per-address=-1"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--max-connections-per-address must be 0 or more."), "\(result.errors)")
    }
}
