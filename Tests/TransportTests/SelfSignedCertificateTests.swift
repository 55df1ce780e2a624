import Foundation
import Testing
@testable import Transport
import GrantDeskTesting

@Suite("Self-signed certificate")
struct SelfSignedCertificateTests {
    /// `openssl x509 -text -noout` output for a PEM certificate.
    func opensslText(_ pem: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["x509", "-noout", "-text", "-serial", "-startdate", "-enddate"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(pem))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test("fields: P-256, SAN, CA:FALSE critical, key usages, SKI/AKI, ≥64-bit positive serial, 365 days")
    func fields() throws {
        let certificate = try SelfSignedCertificate.generate()
        let text = try opensslText(certificate.certificatePEM)
        #expect(text.contains("Version: 3 (0x2)"))
        #expect(text.contains("ASN1 OID: prime256v1"))
        #expect(text.contains("ecdsa-with-SHA256"))
        #expect(text.contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"))
        #expect(text.contains("X509v3 Basic Constraints: critical\n                CA:FALSE"))
        #expect(text.contains("X509v3 Key Usage: critical\n                Digital Signature"))
        #expect(text.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication"))
        #expect(text.contains("X509v3 Subject Key Identifier"))
        #expect(text.contains("X509v3 Authority Key Identifier"))

        let serialLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("serial=") })
        let serialHex = serialLine.dropFirst("serial=".count)
        #expect(serialHex.count >= 16, "serial must carry at least 64 bits")
        let firstNibble = try #require(Int(String(serialHex.prefix(1)), radix: 16))
        #expect(firstNibble < 8, "serial must be positive")

        let seconds = try #require(SelfSignedCertificate.secondsUntilExpiry(certificatePEM: certificate.certificatePEM))
        #expect(seconds > 364 * 86_400 && seconds <= 366 * 86_400)
    }

    @Test("two generated certificates have different serials and keys")
    func unique() throws {
        let a = try SelfSignedCertificate.generate(), b = try SelfSignedCertificate.generate()
        #expect(a.certificatePEM != b.certificatePEM)
        #expect(a.privateKeyPEM != b.privateKeyPEM)
    }

    @Test("loadOrGenerate writes a 0600 key, reuses valid files, regenerates expired or unreadable ones")
    func loadOrGenerate() throws {
        let scratch = try TemporaryDirectory("cert")
        defer { scratch.remove() }
        let directory = scratch.appending("tls")
        let paths = try SelfSignedCertificate.loadOrGenerate(directory: directory)
        let attributes = try FileManager.default.attributesOfItem(atPath: paths.keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let first = try Data(contentsOf: URL(fileURLWithPath: paths.certificatePath))
        _ = try TLSServerContext(certificateChainPath: paths.certificatePath, privateKeyPath: paths.keyPath)

        _ = try SelfSignedCertificate.loadOrGenerate(directory: directory)
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths.certificatePath)) == first, "valid files are reused")

        let expired = try SelfSignedCertificate.generate(startOffsetSeconds: -2 * 86_400, validitySeconds: 86_400)
        try expired.write(certificatePath: paths.certificatePath, keyPath: paths.keyPath)
        _ = try SelfSignedCertificate.loadOrGenerate(directory: directory)
        let renewed = try Array(Data(contentsOf: URL(fileURLWithPath: paths.certificatePath)))
        #expect(renewed != expired.certificatePEM, "expired certificate is replaced")
        #expect((SelfSignedCertificate.secondsUntilExpiry(certificatePEM: renewed) ?? 0) > 300 * 86_400)

        try Data("garbage".utf8).write(to: URL(fileURLWithPath: paths.keyPath))
        _ = try SelfSignedCertificate.loadOrGenerate(directory: directory)
        _ = try TLSServerContext(certificateChainPath: paths.certificatePath, privateKeyPath: paths.keyPath)
    }

    @Test("a client trusting the certificate verifies it for localhost and 127.0.0.1")
    func verifiesForLocalNames() throws {
        let scratch = try TemporaryDirectory("cert")
        defer { scratch.remove() }
        let directory = scratch.appending("tls")
        let paths = try SelfSignedCertificate.loadOrGenerate(directory: directory)
        let serverContext = try TLSServerContext(certificateChainPath: paths.certificatePath, privateKeyPath: paths.keyPath)
        let clientContext = try TLSClientContext(trustedCertificatePath: paths.certificatePath)
        for name in ["localhost", "127.0.0.1", "::1"] {
            let client = try TLSConnection(client: clientContext, serverName: name)
            try TLSHandshakeDriver.handshake(client: client, server: try TLSConnection(server: serverContext))
        }
        let wrongName = try TLSConnection(client: clientContext, serverName: "example.com")
        #expect(throws: TLSError.self) {
            try TLSHandshakeDriver.handshake(client: wrongName, server: try TLSConnection(server: serverContext))
        }
    }
}
