import AccountsAPI
import AccountsServer
import HTTPClient
import Logging
import Testing
import Transport
@testable import GrantDeskTesting

/// The embedded API over HTTPS with a self-signed certificate, and the client
/// trusting exactly that certificate (what URLSession on Linux could not do).
@Suite("Embedded accounts API over TLS")
struct EmbeddedTLSTests {
    @Test("the client reaches a self-signed HTTPS upstream only when it trusts the certificate")
    func selfSignedUpstream() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificate = try SelfSignedCertificate.generate(validityDays: 2)
        let certificatePath = directory.path + "/cert.pem", keyPath = directory.path + "/key.pem"
        try certificate.write(certificatePath: certificatePath, keyPath: keyPath)
        let running = try await EmbeddedAccounts.start(
            dataDirectory: directory.path + "/db", tokens: ["tls-token"], seedDemo: true,
            tlsCertificatePath: certificatePath, tlsKeyPath: keyPath,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        defer { Task { await running.shutdown() } }
        #expect(running.baseURL.hasPrefix("https://127.0.0.1:"))

        let trusting = AccountsClient(configuration: UpstreamConfiguration(
            baseURL: running.baseURL, token: "tls-token",
            http: HTTPClientConfiguration(trustedCertificatesPath: certificatePath)
        ))
        #expect(try await trusting.grants(projectID: "default", limit: 5).total == 60)

        let untrusting = AccountsClient(configuration: UpstreamConfiguration(baseURL: running.baseURL, token: "tls-token"))
        let error = await upstreamError { try await untrusting.projects() }
        guard case .connectionLost? = error else { Issue.record("expected connectionLost, got \(String(describing: error))"); return }
    }
}
