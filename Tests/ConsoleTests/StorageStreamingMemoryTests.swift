import AccountsAPI
@testable import Console
import Foundation
import Logging
import Testing
import Transport
@testable import GrantDeskTesting

/// A 100 MiB file through the console for real: a live `serve` runtime in
/// front of a live embedded accounts API, both in this process, the client
/// sending and reading the file in pieces over plain sockets. The process's
/// resident memory must grow by less than 32 MiB across the upload and the
/// download (peak from `VmHWM`, reset through `/proc/self/clear_refs`), which
/// holds only if neither the console nor the API holds the file whole. And a
/// browser cut off mid-upload leaves nothing upstream, not even a temporary file.
@Suite(.timeLimit(.minutes(5))) struct StorageStreamingMemoryTests {
    static let size = 100 << 20
    static let allowedGrowth = 32 << 20

    /// The file's byte at `offset`: varied, so a shifted or repeated piece is caught.
    static func byte(at offset: Int) -> UInt8 { UInt8(truncatingIfNeeded: offset &* 31 &+ (offset >> 13)) }

    /// A live console (plain HTTP, port 0) in front of `upstream`, its admin
    /// signed in: the session cookie and a CSRF token from the storage page.
    static func signedInConsole(_ upstream: EmbeddedAccountsHarness, in scratch: TemporaryDirectory,
                                requestTimeout: Duration? = nil) async throws
        -> (runtime: ConsoleRuntime, session: String, csrf: String) {
        try FileManager.default.createDirectory(atPath: scratch.path + "/res/Public", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/res/Templates",
                                                   withDestinationPath: ConsoleHarness.templatesDirectory)
        var configuration = ConsoleConfiguration(upstream: upstream.configuration)
        if let requestTimeout { configuration.upstream.http.requestTimeout = requestTimeout }
        configuration.port = 0
        configuration.tls = .plainHTTP
        configuration.dataDirectory = scratch.path + "/data"
        configuration.resourcesDirectory = scratch.path + "/res"
        configuration.adminPassword = "streaming-admin-password"
        configuration.passwordHasher = .fastForTests
        let runtime = try await ConsoleRuntime.start(
            configuration: configuration, logger: Logger(label: "streaming", factory: { _ in SwiftLogNoOpLogHandler() }))
        let port = runtime.port
        let signIn = try await RawClient.signIn(port: port, "admin", "streaming-admin-password")
        let cookie = try #require(signIn.headerValues("Set-Cookie").first { $0.hasPrefix("__Host-grantdesk=") })
        let session = String(cookie.split(separator: ";")[0])
        let page = try await RawClient.exchange(port: port, """
            GET /projects/\(EmbeddedAccountsHarness.project)/storage HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nCookie: \(session)\r\nConnection: close\r\n\r\n
            """)
        return (runtime, session, try #require(page.csrfToken))
    }

    @Test func a100MiBUploadAndDownloadThroughTheConsoleKeepsMemoryFlat() async throws {
        let upstream = try await EmbeddedAccountsHarness()
        let scratch = try TemporaryDirectory("streaming")
        defer { scratch.remove() }
        let (runtime, session, csrf) = try await Self.signedInConsole(upstream, in: scratch, requestTimeout: .seconds(120))
        let (port, pid) = (runtime.port, EmbeddedAccountsHarness.project)

        // A small round first, so pools, caches and thread stacks exist before the baseline.
        try await Self.upload(port: port, pid: pid, session: session, csrf: csrf, path: "warm.bin", size: 1 << 20)
        #expect(try await Self.download(port: port, pid: pid, session: session, path: "warm.bin") == 1 << 20)

        let before = try Self.memory()
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)  // peak := now
        try await Self.upload(port: port, pid: pid, session: session, csrf: csrf, path: "big/file.bin", size: Self.size)
        let afterUpload = try Self.memory()
        let received = try await Self.download(port: port, pid: pid, session: session, path: "big/file.bin")
        let after = try Self.memory()
        #expect(received == Self.size, "the whole file came back, byte for byte")
        let listing = try await upstream.client.storageListing(projectID: pid, folder: "big")
        #expect(listing.entries.first { $0.name == "file.bin" }?.size == Self.size, "the embedded API stored the whole file")

        let growth = max(after.peak, afterUpload.peak) - before.resident
        print("""
            storage streaming memory (100 MiB up and down through the console): VmRSS before \(before.resident >> 10) KiB, \
            after upload \(afterUpload.resident >> 10) KiB, after download \(after.resident >> 10) KiB, \
            peak \(max(after.peak, afterUpload.peak) >> 10) KiB; growth \(growth >> 10) KiB (limit \(Self.allowedGrowth >> 10) KiB)
            """)
        #expect(growth < Self.allowedGrowth)
        await runtime.shutdown()
        await upstream.shutdown()
    }

    @Test func aBrowserCutOffMidUploadLeavesNothingUpstream() async throws {
        let upstream = try await EmbeddedAccountsHarness()
        let scratch = try TemporaryDirectory("streaming-cut")
        defer { scratch.remove() }
        let (runtime, session, csrf) = try await Self.signedInConsole(upstream, in: scratch)
        let (port, pid) = (runtime.port, EmbeddedAccountsHarness.project)
        try await offload {
            let client = try RawClient(port: port)
            try client.sendBlocking(Array("""
                POST /projects/\(pid)/storage/upload?path=cut.bin HTTP/1.1\r
                Host: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\nCookie: \(session)\r
                X-CSRF-Token: \(csrf)\r\nContent-Type: application/octet-stream\r\nContent-Length: \(4 << 20)\r\n\r\n
                """.utf8))
            try client.sendBlocking([UInt8](repeating: 9, count: 1 << 20))
        }  // the client is gone here, 3 MiB short
        let incoming = upstream.store.storageDirectory + "/" + pid + "/incoming"
        #expect(await eventually { ((try? FileManager.default.contentsOfDirectory(atPath: incoming)) ?? []).isEmpty },
                "the upstream's temporary file goes with the cut")
        #expect(try await upstream.client.storageListing(projectID: pid, folder: "").entries.isEmpty,
                "no file, not even a partial one")
        await runtime.shutdown()
        await upstream.shutdown()
    }

    /// `storage.js`'s request: the raw file with `?path=`, its CSRF token in a header.
    static func upload(port: Int, pid: String, session: String, csrf: String, path: String, size: Int) async throws {
        let response = try await offload {
            let client = try RawClient(port: port, receiveTimeoutSeconds: 120)
            try client.sendBlocking(Array("""
                POST /projects/\(pid)/storage/upload?path=\(path.percentEncodedComponent()) HTTP/1.1\r
                Host: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\nCookie: \(session)\r
                X-CSRF-Token: \(csrf)\r\nX-GrantDesk-Upload: xhr\r\nContent-Type: application/octet-stream\r
                Content-Length: \(size)\r\nConnection: close\r\n\r\n
                """.utf8))
            var piece = [UInt8](repeating: 0, count: 256 << 10)
            var offset = 0
            while offset < size {
                let count = min(piece.count, size - offset)
                for index in 0..<count { piece[index] = byte(at: offset + index) }
                try client.sendBlocking(count == piece.count ? piece : Array(piece[..<count]))
                offset += count
            }
            return try client.readResponseBlocking()
        }
        let answer = try #require(response)
        #expect(answer.status == 204, "upload answered \(answer.status): \(answer.text.prefix(300))")
    }

    /// Reads the download piece by piece, checking every byte; returns how many arrived.
    static func download(port: Int, pid: String, session: String, path: String) async throws -> Int {
        try await offload {
            let client = try RawClient(port: port, receiveTimeoutSeconds: 120)
            try client.sendBlocking(Array("""
                GET /projects/\(pid)/storage/download?path=\(path.percentEncodedComponent()) HTTP/1.1\r
                Host: 127.0.0.1:\(port)\r\nCookie: \(session)\r\nConnection: close\r\n\r\n
                """.utf8))
            var head: [UInt8] = []
            var body: [UInt8] = []
            while let more = try client.readSome() {
                head += more
                if let end = head.firstRange(of: Array("\r\n\r\n".utf8)) {
                    body = Array(head[end.upperBound...])
                    head = Array(head[..<end.upperBound])
                    break
                }
            }
            let text = String(decoding: head, as: UTF8.self)
            guard text.hasPrefix("HTTP/1.1 200") else { throw TestFailure("download answered: \(text)") }
            var offset = 0
            var piece = body
            while true {
                for (index, value) in piece.enumerated() where value != byte(at: offset + index) {
                    throw TestFailure("byte \(offset + index) differs")
                }
                offset += piece.count
                guard let more = try client.readSome() else { break }
                piece = more
            }
            return offset
        }
    }

    /// This process's resident memory now and its peak since the last reset, in bytes.
    static func memory() throws -> (resident: Int, peak: Int) {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        func kilobytes(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return (kilobytes("VmRSS"), kilobytes("VmHWM"))
    }
}
