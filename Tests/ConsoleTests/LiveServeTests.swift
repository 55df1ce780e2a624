import AccountsAPI
@testable import Console
import Foundation
import HTTPServer
import Logging
import Testing

/// `serve` for real: TLS with a generated certificate on port 0.
@Suite struct LiveServeTests {
    @Test func servesHealthzAndSignInOverTLS() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString)").path
        let resources = root + "/resources"
        try FileManager.default.createDirectory(atPath: resources + "/Public/css", withIntermediateDirectories: true)
        try "body{}".write(toFile: resources + "/Public/css/app.css", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: resources + "/Templates",
                                                   withDestinationPath: TestConsole.templatesDirectory)
        defer { try? FileManager.default.removeItem(atPath: root) }

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

        let health = try await LiveTLSClient.send(port: runtime.port, trusting: certificate, "GET /healthz HTTP/1.1\r\n\(host)\r\n")
        #expect(health.statusLine == "HTTP/1.1 200 OK")
        #expect(health.body == "ok")
        #expect(health.header("Strict-Transport-Security")?.hasPrefix("max-age=") == true)

        let login = try await LiveTLSClient.send(port: runtime.port, trusting: certificate, "GET /login HTTP/1.1\r\n\(host)\r\n")
        #expect(login.header("Strict-Transport-Security") != nil)
        #expect(login.header("Cache-Control") == "no-store")
        #expect(login.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        let loginCookie = try #require(login.values("Set-Cookie").first { $0.hasPrefix("__Host-grantdesk-login=") })
        let token = try #require(HTTPResponseText(login.body).csrfToken)
        let cookieValue = String(loginCookie.split(separator: ";")[0])

        let form = "csrf=\(token)&username=admin&password=live-admin-password&next=%2Fprojects%2Fp1"
        let signIn = try await LiveTLSClient.send(port: runtime.port, trusting: certificate, """
            POST /login HTTP/1.1\r\n\(host)Origin: https://127.0.0.1:\(runtime.port)\r\nCookie: \(cookieValue)\r\n\
            Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)
            """)
        #expect(signIn.statusLine == "HTTP/1.1 303 See Other")
        #expect(signIn.header("Location") == "/projects/p1")
        let session = try #require(signIn.values("Set-Cookie").first { $0.hasPrefix("__Host-grantdesk=") })
        for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            #expect(session.contains("; \(attribute)"), "\(attribute)")
        }
        #expect(!session.contains("Domain="))
        await runtime.shutdown()
    }
}

@Suite struct StartUpTests {
    func resources(templates: [String: String]?) throws -> (root: String, configuration: ConsoleConfiguration) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("start-\(UUID().uuidString)").path
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
                                                       withDestinationPath: TestConsole.templatesDirectory)
        }
        var configuration = ConsoleConfiguration(upstream: UpstreamConfiguration(baseURL: "http://127.0.0.1:9", token: "x"))
        configuration.port = 0
        configuration.tls = .plainHTTP
        configuration.dataDirectory = root + "/data"
        configuration.resourcesDirectory = root + "/res"
        configuration.adminPassword = "start-up-password"
        configuration.passwordHasher = .fastForTests
        return (root, configuration)
    }

    @Test func aBrokenTemplateStopsStartUp() async throws {
        let (root, configuration) = try resources(templates: ["layout": "{{#a}}\n{{/b}}", "login": "x", "error": "y"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let error = await #expect(throws: TemplateLoadError.self) {
            _ = try await ConsoleRuntime.start(configuration: configuration, logger: Logger(label: "t"))
        }
        #expect(error?.description.contains("layout.mustache:2:") == true, "\(String(describing: error))")
    }

    @Test func changesLeftPendingByACrashAreClosedAtStartUp() async throws {
        let (root, configuration) = try resources(templates: nil)
        defer { try? FileManager.default.removeItem(atPath: root) }
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

/// Reads the first hidden `csrf` field of a page.
struct HTTPResponseText {
    let text: String
    init(_ text: String) { self.text = text }
    var csrfToken: String? {
        guard let range = text.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
