import AccountsAPI
import AccountsServer
import Foundation
import GrantModel
import Synchronization
import Testing
@testable import GrantDeskTesting

/// `kill -9` of a real `grantdesk accounts-server` process during a burst of writes.
@Suite("Embedded API durability", .serialized)
struct CrashDurabilityTests {
    /// The `grantdesk` executable built next to this test bundle.
    static func grantdeskBinary() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("grantdesk"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/grantdesk"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw BinaryMissing(searched: candidates.map(\.path))
        }
        return found
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        let searched: [String]
        var description: String { "grantdesk binary not found (run swift build first); looked at \(searched)" }
    }

    /// Starts the server and returns the process with its base URL (read from its banner).
    static func launch(dataDirectory: String, token: String) throws -> (Process, String) {
        try launch(["--data-dir", dataDirectory, "--token", token, "--seed-demo"])
    }

    /// Starts `accounts-server --port 0` with `arguments` and returns the process with its base URL.
    static func launch(_ arguments: [String]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = try grantdeskBinary()
        process.arguments = ["accounts-server", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var banner = ""
        while !banner.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = banner.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            process.terminate()
            throw BinaryMissing(searched: ["no banner: \(banner)"])
        }
        return (process, String(banner[range]))
    }

    @Test("every acknowledged write survives kill -9, and the database stays sound")
    func killDuringWrites() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let token = "crash-test-token"
        let (process, baseURL) = try Self.launch(dataDirectory: directory.path, token: token)
        let client = EmbeddedAccountsHarness.client(baseURL, token: token)
        let acknowledged = AcknowledgedWrites()
        let pid = process.processIdentifier

        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for index in 0..<2_000 {
                        let name = "burst-\(worker)-\(index)"
                        do {
                            _ = try await client.createRoom(projectID: "default", CreateRoomRequest(name: name))
                            try await client.createGrant(
                                projectID: "default", roomID: name, userID: "user-\(worker + 1)",
                                permissions: .object(["messaging": .object(["send": .bool(index % 2 == 0)])])
                            )
                            acknowledged.record(name)
                        } catch {
                            return  // the server is gone
                        }
                    }
                }
            }
            group.addTask {
                // Kill while the workers are mid-burst (or at once if the server already died).
                while acknowledged.names.count < 120 && kill(pid, 0) == 0 {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                kill(pid, SIGKILL)
            }
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)

        let names = acknowledged.names
        #expect(names.count >= 120)
        let store = try AccountsStore(dataDirectory: directory.path)
        #expect(try await store.integrityCheck() == "ok")
        var rooms = Set<String>()
        while true {
            let page = try await store.rooms(projectID: "default", page: PageRequest(limit: 500, offset: rooms.count, filter: "burst-"))
            rooms.formUnion(page.rooms.map(\.name))
            if page.rooms.isEmpty || rooms.count >= page.total { break }
        }
        var missing: [String] = []
        for name in names where !rooms.contains(name) { missing.append(name) }
        for name in names.prefix(500) {
            let worker = Int(name.split(separator: "-")[1])!
            if (try? await store.grant(projectID: "default", roomID: name, userID: "user-\(worker + 1)")) == nil {
                missing.append("grant in \(name)")
            }
        }
        #expect(missing.isEmpty, "lost acknowledged writes: \(missing.prefix(10))")
    }
}

/// The writes the server acknowledged, from any worker.
final class AcknowledgedWrites: Sendable {
    private let state = Mutex<[String]>([])

    func record(_ name: String) { state.withLock { $0.append(name) } }
    var names: [String] { state.withLock { $0 } }
}
