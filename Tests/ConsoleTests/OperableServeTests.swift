import CryptoPrimitives
import Foundation
import Testing
import Transport
@testable import GrantDeskTesting

/// A real `serve` with TLS files and JSON logs: SIGHUP swaps the certificate
/// for new handshakes without dropping open connections, a broken new pair
/// is refused and the old one kept, and every log line is one JSON object.
@Suite(.timeLimit(.minutes(2))) struct OperableServeTests {
    private static func write(_ certificate: SelfSignedCertificate, to root: String) throws {
        try Data(certificate.certificatePEM).write(to: URL(fileURLWithPath: root + "/cert.pem"), options: .atomic)
        try Data(certificate.privateKeyPEM).write(to: URL(fileURLWithPath: root + "/key.pem"), options: .atomic)
    }

    /// SHA-256 of the PEM certificate's DER bytes, as the TLS client reports it.
    private static func fingerprint(_ certificate: SelfSignedCertificate) throws -> [UInt8] {
        let body = String(decoding: certificate.certificatePEM, as: UTF8.self).split(separator: "\n")
            .filter { !$0.hasPrefix("-----") }.joined()
        return SHA256.hash(try #require(Base64.decode(body)))
    }

    private static func presented(port: Int) async throws -> [UInt8]? {
        let client = try await RawClient.connect(port: port, tls: try TLSClientContext(), serverName: "127.0.0.1")
        return client.tlsConnection?.peerCertificateSHA256
    }

    /// Polls (no fixed wait) until the server presents `expected` on a new handshake.
    private static func waitUntilPresenting(_ expected: [UInt8], port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try await presented(port: port) != expected {
            guard ContinuousClock.now < deadline else { throw TestFailure("the new certificate was never presented") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Standard error read as it comes, until it holds `marker`.
    private static func readErrors(of serve: ConcurrentServeTests.Serve, until marker: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var text = ""
                while case let data = serve.errors.fileHandleForReading.availableData, !data.isEmpty {
                    text += String(decoding: data, as: UTF8.self)
                    if text.contains(marker) { return continuation.resume(returning: text) }
                }
                continuation.resume(throwing: TestFailure("serve ended without logging '\(marker)': \(text)"))
            }
        }
    }

    @Test func sighupReloadsTheCertificateKeepsOpenConnectionsAndRefusesABrokenPair() async throws {
        let scratch = try TemporaryDirectory("reload")
        defer { scratch.remove() }
        let root = scratch.path
        try FileManager.default.createDirectory(atPath: root + "/res/Public", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/res/Templates",
                                                   withDestinationPath: ConsoleHarness.templatesDirectory)
        let first = try SelfSignedCertificate.generate()
        let second = try SelfSignedCertificate.generate()
        try Self.write(first, to: root)
        let serve = try ConcurrentServeTests.launch(
            root: root, transport: ["--tls-cert", root + "/cert.pem", "--tls-key", root + "/key.pem"],
            environment: ["GRANTDESK_LOG_FORMAT": "json", "GRANTDESK_LOG_LEVEL": "info"])
        defer { if serve.process.isRunning { kill(serve.process.processIdentifier, SIGKILL) } }
        let port = try await ConcurrentServeTests.banner(serve).port
        let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n"

        let open = try await RawClient.connect(port: port, tls: try TLSClientContext(), serverName: "127.0.0.1")
        #expect(open.tlsConnection?.peerCertificateSHA256 == (try Self.fingerprint(first)))
        try await open.send(request)
        #expect(try await open.readResponse()?.status == 200)

        try Self.write(second, to: root)
        kill(serve.process.processIdentifier, SIGHUP)
        try await Self.waitUntilPresenting(try Self.fingerprint(second), port: port)
        // The connection made before the reload still works, on its old session.
        try await open.send(request)
        #expect(try await open.readResponse()?.status == 200)

        try Data("not a key".utf8).write(to: URL(fileURLWithPath: root + "/key.pem"))
        kill(serve.process.processIdentifier, SIGHUP)
        var logged = try await Self.readErrors(of: serve, until: "kept the TLS certificate in use")
        #expect(try await Self.presented(port: port) == (try Self.fingerprint(second)), "the old pair stays in use")
        serve.process.terminate()
        serve.process.waitUntilExit()
        logged += String(decoding: serve.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = logged.split(separator: "\n")
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(objects.contains { ($0["message"] as? String) == "reloaded the TLS certificate" })
        let refusal = objects.first { ($0["message"] as? String)?.hasPrefix("kept the TLS certificate in use") == true }
        #expect((refusal?["metadata"] as? [String: String])?["error"]?.isEmpty == false)
        #expect(refusal?["level"] as? String == "error", "\(lines)")
        for object in objects {
            #expect(object["time"] is String && object["level"] is String && object["message"] is String)
        }
        let requestLine = objects.first { ($0["message"] as? String)?.hasPrefix("GET /healthz 200") == true }
        #expect((requestLine?["request_id"] as? String)?.count == 16, "\(lines)")
    }
}
