@testable import Console
import CryptoPrimitives
import Foundation
import GRDB
import Testing
@testable import GrantDeskTesting

/// `kill -9` of a real `grantdesk serve` while sessions are being written:
/// every sign-in the server acknowledged is still there, and SQLite's
/// integrity check passes.
@Suite struct CrashSafetyTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func acknowledgedSessionsSurviveKill9() async throws {
        let binary = Self.repository.appendingPathComponent(".build/debug/grantdesk").path
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the grantdesk product first")
        let scratch = try TemporaryDirectory("kill9")
        defer { scratch.remove() }
        let root = scratch.path
        try FileManager.default.createDirectory(atPath: root + "/res/Public", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/res/Templates",
                                                   withDestinationPath: ConsoleHarness.templatesDirectory)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--http", "--port", "0", "--data-dir", root + "/data", "--resources", root + "/res"]
        process.environment = ["GRANTDESK_ADMIN_PASSWORD": "kill-nine-password", "GRANTDESK_LOG_LEVEL": "error"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let port = try await Self.readPort(output.fileHandleForReading)

        var acknowledged: [String] = []
        var failures = 0
        for round in 0..<40 {
            if round == 12 {
                // Kill while the next sign-ins are being written.
                let pid = process.processIdentifier
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(150)) { kill(pid, SIGKILL) }
            }
            do {
                acknowledged.append(try await Self.signIn(port: port))
            } catch {
                failures += 1
                if !process.isRunning { break }
            }
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(acknowledged.count >= 12)

        let database = try ConsoleDatabase.open(directory: root + "/data")
        let (integrity, stored) = try await database.storage.read { db in
            (try db.scalar("PRAGMA integrity_check")?.string ?? "",
             Set(try db.rows("SELECT id_hash FROM sessions").map { try $0.string("id_hash") }))
        }
        #expect(integrity == "ok")
        for cookie in acknowledged {
            #expect(stored.contains(SHA256.hex(cookie)), "an acknowledged session was lost")
        }
    }

    static func readPort(_ handle: FileHandle) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var text = ""
                while let range = Optional(handle.availableData), !range.isEmpty {
                    text += String(decoding: range, as: UTF8.self)
                    if let match = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                        let digits = text[match].dropFirst("http://127.0.0.1:".count).dropLast()
                        continuation.resume(returning: Int(digits) ?? 0)
                        return
                    }
                }
                continuation.resume(throwing: TestFailure("serve exited before printing its address: \(text)"))
            }
        }
    }

    /// Signs in as the admin; returns the session cookie of the 303.
    static func signIn(port: Int) async throws -> String {
        let response = try await RawClient.signIn(port: port, "admin", "kill-nine-password")
        guard response.status == 303,
              let session = response.headerValues("Set-Cookie").first(where: { $0.hasPrefix("__Host-grantdesk=") })
        else { throw TestFailure("sign-in not acknowledged: \(response.status)") }
        return String(session.split(separator: ";")[0].dropFirst("__Host-grantdesk=".count))
    }
}
