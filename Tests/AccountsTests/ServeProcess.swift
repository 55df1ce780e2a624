import Foundation
import Synchronization
import Testing

/// A real `grantdesk serve --http --port 0` process, for what only the
/// executable does: start-up checks, flags, the umask and file modes.
final class ServeProcess: Sendable {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    let process: Process
    /// Standard error goes to a file, so a chatty process never blocks on a full pipe.
    let errorPath: String
    private let output: FileHandle
    private let text = Mutex("")

    /// Starts serve on `dataDirectory` (templates from the repository) with `arguments` added.
    init(dataDirectory: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = try CrashDurabilityTests.grantdeskBinary()
        process.arguments = ["serve", "--http", "--port", "0", "--data-dir", dataDirectory,
                             "--resources", Self.repository] + arguments
        process.environment = ["GRANTDESK_ADMIN_PASSWORD": "serve-process-password", "GRANTDESK_LOG_LEVEL": "error"]
            .merging(environment) { $1 }
        errorPath = dataDirectory + ".stderr"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        let pipe = Pipe()
        process.standardOutput = pipe
        output = pipe.fileHandleForReading
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Reads standard output until it contains `needle`; returns everything read so
    /// far. Throws if the process closes its output first.
    @discardableResult
    func output(containing needle: String) async throws -> String {
        // A test that runs out of time (`.timeLimit`) kills the process, which
        // ends the read below instead of leaving it blocked forever.
        let pid = process.processIdentifier
        return try await withTaskCancellationHandler {
            try await read(until: needle)
        } onCancel: {
            kill(pid, SIGKILL)
        }
    }

    private func read(until needle: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { [self] in
                while true {
                    let current = text.withLock { $0 }
                    if current.contains(needle) { return continuation.resume(returning: current) }
                    let chunk = output.availableData
                    if chunk.isEmpty {
                        let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
                        return continuation.resume(throwing: ServeProcessEnded(output: current, errors: errors))
                    }
                    text.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
                }
            }
        }
    }

    /// The port from the `GrantDesk is running at http://127.0.0.1:PORT/` banner.
    func port() async throws -> Int {
        let banner = try await output(containing: "/\n")
        guard let match = banner.range(of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression),
              let port = Int(banner[match].dropFirst("http://127.0.0.1:".count).dropLast())
        else { throw ServeProcessEnded(output: banner, errors: "") }
        return port
    }

    /// Waits for the process to exit on its own; returns its status, output
    /// and errors. Cancellation (`.timeLimit`) kills it, so this never hangs.
    func exit() async -> (status: Int32, output: String, errors: String) {
        let pid = process.processIdentifier
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { [self] in
                    let rest = output.readDataToEndOfFile()
                    process.waitUntilExit()
                    let all = text.withLock { $0 } + String(decoding: rest, as: UTF8.self)
                    let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
                    continuation.resume(returning: (process.terminationStatus, all, errors))
                }
            }
        } onCancel: {
            kill(pid, SIGKILL)
        }
    }

    /// SIGTERM, then waits for the graceful shutdown; a serve that is still
    /// running 10 s later is a failure (and is killed, so no test hangs).
    func stop() {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        Issue.record("serve did not exit within 10 s of SIGTERM")
    }
}

struct ServeProcessEnded: Error, CustomStringConvertible {
    let output: String
    let errors: String
    var description: String { "serve ended early; output: \(output) errors: \(errors)" }
}
