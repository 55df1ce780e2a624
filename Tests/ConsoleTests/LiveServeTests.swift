import AccountsAPI
@testable import Console
import Foundation
import HTTPServer
import Logging
import Testing
import Transport
@testable import GrantDeskTesting

/// `serve` for real: TLS with a generated certificate on port 0.
@Suite struct LiveServeTests {
    @Test func servesHealthzAndSignInOverTLS() async throws {
        let scratch = try TemporaryDirectory("live")
        defer { scratch.remove() }
        let root = scratch.path
        let resources = root + "/resources"
        try FileManager.default.createDirectory(atPath: resources + "/Public/css", withIntermediateDirectories: true)
        try "body{}".write(toFile: resources + "/Public/css/app.css", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: resources + "/Templates",
                                                   withDestinationPath: ConsoleHarness.templatesDirectory)

        var configuration = ConsoleConfiguration(
            upstream: UpstreamConfiguration(baseURL: "http://127.0.0.1:9", token: "unused"))
        configuration.port = 0
        configuration.dataDirectory = root + "/data"
        configuration.resourcesDirectory = resources
        configuration.adminPassword = "live-admin-password"
        configuration.passwordHasher = .fastForTests
        let runtime = try await ConsoleRuntime.start(
            configuration: configuration, logger: Logger(label: "live", factory: { _ in SwiftLogNoOpLogHandler() }))
        #expect(runtime.generatedAdminPassword == nil)
        #expect(runtime.url == "https://127.0.0.1:\(runtime.port)/")
        let certificate = root + "/data/tls/tls-certificate.pem"
        let host = "Host: 127.0.0.1:\(runtime.port)\r\nConnection: close\r\n"
        let trusted = try TLSClientContext(trustedCertificatePath: certificate)

        let health = try await RawClient.exchange(port: runtime.port, tls: trusted, serverName: "127.0.0.1",
                                                  "GET /healthz HTTP/1.1\r\n\(host)\r\n")
        #expect(health.status == 200)
        #expect(health.text == "ok")
        #expect(health.header("Strict-Transport-Security")?.hasPrefix("max-age=") == true)

        let login = try await RawClient.exchange(port: runtime.port, tls: trusted, serverName: "127.0.0.1",
                                                  "GET /login HTTP/1.1\r\n\(host)\r\n")
        #expect(login.header("Strict-Transport-Security") != nil)
        #expect(login.header("Cache-Control") == "no-store")
        #expect(login.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        let loginCookie = try #require(login.headerValues("Set-Cookie").first { $0.hasPrefix("__Host-grantdesk-login=") })
        let token = try #require(login.csrfToken)
        let cookieValue = String(loginCookie.split(separator: ";")[0])

        let form = "csrf=\(token)&username=admin&password=live-admin-password&next=%2Fprojects%2Fp1"
        let signIn = try await RawClient.exchange(port: runtime.port, tls: trusted, serverName: "127.0.0.1",
                                                  """
            POST /login HTTP/1.1\r\n\(host)Origin: https://127.0.0.1:\(runtime.port)\r\nCookie: \(cookieValue)\r\n\
            Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)
            """)
        #expect(signIn.status == 303)
        #expect(signIn.header("Location") == "/projects/p1")
        let session = try #require(signIn.headerValues("Set-Cookie").first { $0.hasPrefix("__Host-grantdesk=") })
        for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            #expect(session.contains("; \(attribute)"), "\(attribute)")
        }
        #expect(!session.contains("Domain="))
        await runtime.shutdown()
    }
}

@Suite struct StartUpTests {
    func resources(templates: [String: String]?) throws -> (scratch: TemporaryDirectory, configuration: ConsoleConfiguration) {
        let scratch = try TemporaryDirectory("start")
        let root = scratch.path
        try FileManager.default.createDirectory(atPath: root + "/res/Public", withIntermediateDirectories: true)
        if let templates {
            for (name, text) in templates {
                let path = root + "/res/Templates/" + name + ".mustache"
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            }
        } else {
            try FileManager.default.createSymbolicLink(atPath: root + "/res/Templates",
                                                       withDestinationPath: ConsoleHarness.templatesDirectory)
        }
        var configuration = ConsoleConfiguration(upstream: UpstreamConfiguration(baseURL: "http://127.0.0.1:9", token: "x"))
        configuration.port = 0
        configuration.tls = .plainHTTP
        configuration.dataDirectory = root + "/data"
        configuration.resourcesDirectory = root + "/res"
        configuration.adminPassword = "start-up-password"
        configuration.passwordHasher = .fastForTests
        return (scratch, configuration)
    }

    @Test func aBrokenTemplateStopsStartUp() async throws {
        let (scratch, configuration) = try resources(templates: ["layout": "{{#a}}\n{{/b}}", "login": "x", "error": "y"])
        defer { scratch.remove() }
        let error = await #expect(throws: TemplateLoadError.self) {
            _ = try await ConsoleRuntime.start(configuration: configuration, logger: Logger(label: "t"))
        }
        #expect(error?.description.contains("layout.mustache:2:") == true, "\(String(describing: error))")
    }

    @Test func changesLeftPendingByACrashAreClosedAtStartUp() async throws {
        let (scratch, configuration) = try resources(templates: nil)
        defer { scratch.remove() }
        do {
            let database = try ConsoleDatabase.open(directory: configuration.dataDirectory)
            var context = ConsoleContext(request: HTTPRequest(method: .post, target: "/"), requestID: "r1",
                                         logger: Logger(label: "t"))
            context.user = ConsoleUser(name: "alice", role: .admin)
            let keyPath = configuration.dataDirectory + "/" + AuditKey.fileName
            _ = try await AuditLog.open(database: database, keyPath: keyPath).log.begin(context: context, action: "delete grant",
                                                             target: .grant(pid: "p1", room: "r", userID: "u"),
                                                             before: "{}")
        }
        let runtime = try await ConsoleRuntime.start(
            configuration: configuration, logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        let entries = try await runtime.services.audit.entries(project: "p1")
        #expect(entries.first?.outcome == "interrupted (outcome unknown)")
        #expect(runtime.url.hasPrefix("http://127.0.0.1:"))
        #expect(try await runtime.services.audit.verify().isIntact)
        await runtime.shutdown()
    }
}
