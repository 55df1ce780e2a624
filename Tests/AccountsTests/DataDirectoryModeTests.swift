import Foundation
import Testing
@testable import GrantDeskTesting

/// The data directory holds password hashes, sessions, the audit key and the
/// embedded accounts data: owner-only, whether new or left by an older version.
@Suite("data directory modes", .serialized, .timeLimit(.minutes(2)))
struct DataDirectoryModeTests {
    static let privateFiles = [
        "console.sqlite", "console.sqlite-wal", "console.sqlite-shm",
        "accounts.sqlite", "accounts.sqlite-wal", "accounts.sqlite-shm", "audit.key",
    ]

    private func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Asserts the directory is 0700 and every private file exists with mode 0600.
    private func expectPrivate(_ directory: String, files: [String] = privateFiles,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try mode(directory) == 0o700, "data directory", sourceLocation: sourceLocation)
        for name in files {
            let path = directory + "/" + name
            #expect(FileManager.default.fileExists(atPath: path), "\(name) exists", sourceLocation: sourceLocation)
            if FileManager.default.fileExists(atPath: path) {
                let found = try mode(path)
                #expect(found == 0o600, "\(name) is \(String(found, radix: 8))", sourceLocation: sourceLocation)
            }
        }
    }

    /// What an older version left: a 0755 directory of 0644 files.
    private func loosen(_ directory: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory + "/" + name)
        }
    }

    @Test("serve creates a 0700 data directory whose databases, -wal/-shm files and audit key are 0600")
    func freshDirectory() async throws {
        let root = try TemporaryDirectory()
        let data = root.path + "/data"
        let serve = try ServeProcess(dataDirectory: data)
        defer { serve.stop() }
        _ = try await serve.port()
        try expectPrivate(data)
    }

    @Test("serve makes an existing 0755/0644 data directory private again, -wal/-shm included")
    func existingDirectory() async throws {
        let root = try TemporaryDirectory()
        let data = root.path + "/data"
        let first = try ServeProcess(dataDirectory: data)
        _ = try await first.port()
        first.stop()
        try loosen(data)
        // Stale journal files from an unclean stop, readable by everyone.
        for name in ["console.sqlite-wal", "console.sqlite-shm"] where !FileManager.default.fileExists(atPath: data + "/" + name) {
            _ = FileManager.default.createFile(atPath: data + "/" + name, contents: nil, attributes: [.posixPermissions: 0o644])
        }
        #expect(try mode(data + "/console.sqlite") == 0o644)

        let second = try ServeProcess(dataDirectory: data)
        defer { second.stop() }
        _ = try await second.port()
        try expectPrivate(data)
    }

    @Test("users and audit verify fix the modes too", arguments: [["users", "list"], ["audit", "verify"]])
    func otherCommands(arguments: [String]) throws {
        let root = try TemporaryDirectory()
        let data = root.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: data + "/console.sqlite", contents: nil)
        try loosen(data)
        let process = Process()
        process.executableURL = try CrashDurabilityTests.grantdeskBinary()
        process.arguments = arguments + ["--data-dir", data]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        try expectPrivate(data, files: ["console.sqlite"] + (arguments[0] == "audit" ? ["audit.key"] : []))
    }
}
