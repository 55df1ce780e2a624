import AccountsAPI
import AccountsServer
import Foundation
import GrantModel
import HTTPClient
import Synchronization
import Testing
@testable import GrantDeskTesting

/// Project storage through the typed client against the embedded API, over real sockets.
@Suite("Client ↔ embedded API: project storage")
struct ClientStorageTests {
    let project = EmbeddedAccountsHarness.project

    /// The embedded API started as `grantdesk accounts-server` starts it, with a small upload limit.
    static func small(limit: Int = 4096) async throws -> (RunningEmbeddedAccounts, AccountsClient, TemporaryDirectory) {
        let directory = try TemporaryDirectory("storage")
        let store = try AccountsStore(dataDirectory: directory.path)
        try await store.seedDemo()
        let running = try EmbeddedAccounts.start(store: store, tokens: ["t"], uploadLimit: limit, logger: .silent)
        return (running, EmbeddedAccountsHarness.client(running.baseURL, token: "t"), directory)
    }

    @Test("upload, download with its content type, replace, list folders then files, delete")
    func roundTrip() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await client.upload(projectID: project, path: "reports/2026/q1 summary.bin", bytes: bytes)
        try await client.upload(projectID: project, path: "reports/readme.txt", bytes: Array("hello".utf8), contentType: "text/plain")
        try await client.upload(projectID: project, path: "top.json", bytes: Array("{}".utf8), contentType: "application/json")
        let got = try await client.download(projectID: project, path: "reports/2026/q1 summary.bin")
        #expect(got.bytes == bytes && got.contentType == "application/octet-stream")
        #expect(try await client.download(projectID: project, path: "reports/readme.txt").contentType.hasPrefix("text/plain"))
        try await client.upload(projectID: project, path: "reports/readme.txt", bytes: Array("again".utf8))
        #expect(try await client.download(projectID: project, path: "reports/readme.txt").bytes == Array("again".utf8))

        let top = try await client.storageListing(projectID: project, folder: "")
        #expect(top.entries.map(\.name) == ["reports", "top.json"] && top.entries.map(\.isFolder) == [true, false])
        #expect(top.entries[1].size == 2 && top.entries[1].contentType == "application/json")
        let reports = try await client.storageListing(projectID: project, folder: "reports/")
        #expect(reports.path == "reports" && reports.entries.map(\.path) == ["reports/2026", "reports/readme.txt"])

        try await client.deleteStorageFile(projectID: project, path: "reports/2026/q1 summary.bin")
        #expect(try await client.storageListing(projectID: project, folder: "reports").entries.map(\.name) == ["readme.txt"])
        let missing = await upstreamError { try await client.download(projectID: project, path: "reports/2026/q1 summary.bin") }
        guard case .notFound? = missing else { Issue.record("got \(String(describing: missing))"); return }
        let gone = await upstreamError { try await client.deleteStorageFile(projectID: project, path: "nope.txt") }
        guard case .notFound? = gone else { Issue.record("got \(String(describing: gone))"); return }
        let noProject = await upstreamError { try await client.upload(projectID: "no-such", path: "a", bytes: [1]) }
        guard case .notFound? = noProject else { Issue.record("got \(String(describing: noProject))"); return }
    }

    @Test("refused paths are 400s and touch nothing", arguments: [
        "../escape.txt", "a/../../escape.txt", "/etc/passwd", "a//b", "a/./b", "", "a\u{0}b", "a\\b", "folder/",
        String(repeating: "x", count: 256),
    ])
    func refusedPaths(path: String) async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let error = await upstreamError { try await harness.client.upload(projectID: project, path: path, bytes: [1, 2, 3]) }
        guard case .validation(let failure)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(failure.message.contains("Refused path"))
        let download = await upstreamError { try await harness.client.download(projectID: project, path: path) }
        guard case .validation? = download else { Issue.record("got \(String(describing: download))"); return }
        let parent = URL(fileURLWithPath: harness.directory.path).deletingLastPathComponent().path
        #expect(!FileManager.default.fileExists(atPath: parent + "/escape.txt"))
    }

    @Test("a symbolic link inside the project's folder is never followed, for writing or reading")
    func symlinkEscape() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        try await client.upload(projectID: project, path: "seed.txt", bytes: [1])
        let outside = try TemporaryDirectory("outside")
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside.path + "/secret.txt"))
        let files = harness.store.storageDirectory + "/" + project + "/files"
        try FileManager.default.createSymbolicLink(atPath: files + "/link", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: files + "/file-link", withDestinationPath: outside.path + "/secret.txt")
        let write = await upstreamError { try await client.upload(projectID: project, path: "link/planted.txt", bytes: [9]) }
        guard case .validation? = write else { Issue.record("got \(String(describing: write))"); return }
        #expect(!FileManager.default.fileExists(atPath: outside.path + "/planted.txt"))
        let read = await upstreamError { try await client.download(projectID: project, path: "link/secret.txt") }
        guard case .validation? = read else { Issue.record("got \(String(describing: read))"); return }
        let direct = await upstreamError { try await client.download(projectID: project, path: "file-link") }
        guard case .validation? = direct else { Issue.record("got \(String(describing: direct))"); return }
        let overwrite = await upstreamError { try await client.upload(projectID: project, path: "file-link", bytes: [9]) }
        guard case .validation? = overwrite else { Issue.record("got \(String(describing: overwrite))"); return }
        #expect(try String(contentsOfFile: outside.path + "/secret.txt", encoding: .utf8) == "secret")
        #expect(try await client.storageListing(projectID: project, folder: "").entries.map(\.name) == ["seed.txt"])
    }

    @Test("over the upload limit: 413 before the body is read, nothing stored")
    func overTheLimit() async throws {
        let (running, client, directory) = try await Self.small(limit: 4096)
        defer { Task { await running.shutdown() } }
        _ = directory
        try await client.upload(projectID: project, path: "fits.bin", bytes: Array(repeating: 7, count: 4096))
        let error = await upstreamError {
            try await client.upload(projectID: project, path: "big.bin", bytes: Array(repeating: 7, count: 4097))
        }
        guard case .other(let failure)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(failure.status == 413)
        #expect(try await client.storageListing(projectID: project, folder: "").entries.map(\.name) == ["fits.bin"])
    }

    @Test("a cut upload leaves no file, not even a partial one")
    func cutUpload() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        do {
            let raw = try RawClient(port: harness.port)
            try await raw.send("POST /projects/\(project)/storage/upload?path=cut.bin HTTP/1.1\r\nHost: x\r\n"
                               + "Authorization: Bearer \(EmbeddedAccountsHarness.token)\r\nContent-Type: application/octet-stream\r\n"
                               + "Content-Length: 500000\r\n\r\n")
            try await raw.send(Array(repeating: 1, count: 200_000))
        }  // the connection closes here, 300,000 bytes short
        let listing = try await harness.client.storageListing(projectID: project, folder: "")
        #expect(listing.entries.isEmpty)
        let incoming = harness.store.storageDirectory + "/" + project + "/incoming"
        // The upload streams to its temporary file, which goes once the server sees the cut.
        #expect(await eventually { ((try? FileManager.default.contentsOfDirectory(atPath: incoming)) ?? []).isEmpty })
        let missing = await upstreamError { try await harness.client.download(projectID: project, path: "cut.bin") }
        guard case .notFound? = missing else { Issue.record("got \(String(describing: missing))"); return }
    }

    @Test("streamed: an upload sent piece by piece and a download read piece by piece carry every byte")
    func streamedRoundTrip() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let size = 3 << 20
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ $0 >> 11) }
        let pieces = Pieces(stride(from: 0, to: size, by: 50_000).map { Array(bytes[$0..<min($0 + 50_000, size)]) })
        try await harness.client.upload(projectID: project, path: "s/big.bin", contentType: "application/x-test",
                                        upload: HTTPClientUpload(length: size) { pieces.take() })
        let download = try await harness.client.downloadStream(projectID: project, path: "s/big.bin")
        #expect(download.length == size && download.contentType == "application/x-test")
        var received: [UInt8] = []
        while let piece = try await download.body.next() { received += piece }
        #expect(received == bytes)
    }

    @Test("streamed: an upload whose source fails part-way stores nothing; a download given up half-way frees the server")
    func streamedFailures() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let pieces = Pieces([Array(repeating: 1, count: 100_000)])
        let error = await upstreamError {
            try await harness.client.upload(projectID: project, path: "cut.bin", contentType: "application/octet-stream",
                                            upload: HTTPClientUpload(length: 300_000) {
                                                guard let piece = pieces.take() else { throw CancellationError() }
                                                return piece
                                            })
        }
        #expect(error != nil, "a cut upload is an error, not a success")
        #expect(try await harness.client.storageListing(projectID: project, folder: "").entries.isEmpty)
        let incoming = harness.store.storageDirectory + "/" + project + "/incoming"
        #expect(await eventually { ((try? FileManager.default.contentsOfDirectory(atPath: incoming)) ?? []).isEmpty })

        try await harness.client.upload(projectID: project, path: "big.bin", bytes: Array(repeating: 2, count: 4 << 20))
        let download = try await harness.client.downloadStream(projectID: project, path: "big.bin")
        _ = try await download.body.next()
        download.body.cancel()
        let tooLarge = await upstreamError { try await harness.client.downloadStream(projectID: project, path: "big.bin", limit: 1 << 20) }
        guard case .tooLarge? = tooLarge else { Issue.record("got \(String(describing: tooLarge))"); return }
        #expect(try await harness.client.download(projectID: project, path: "big.bin").bytes.count == 4 << 20)
    }
}

/// Pieces handed out one at a time to a streamed upload.
final class Pieces: Sendable {
    private let items: Mutex<[[UInt8]]>
    init(_ items: [[UInt8]]) { self.items = Mutex(items) }
    func take() -> [UInt8]? { items.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
}
