import Foundation
import Testing
@testable import HTTPServer
@testable import GrantDeskTesting

/// The two tests that move a lot of memory run one after the other, so the
/// RSS measurement does not see the other's 32 MiB response.
@Suite("Memory-heavy server tests", .serialized)
struct IdleMemoryTests {
    static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }

    @Test("1,000 idle keep-alive connections after a request each hold little memory")
    func thousandIdleConnections() async throws {
        // Every test client is 127.0.0.1: lift the per-address cap.
        let live = try LiveServer(limits: ServerLimits(maxConnectionsPerAddress: .max))
        // Other suites run in parallel in this process and move RSS too; their
        // noise only ever adds, so the smallest of three rounds is the measure.
        var perConnection: [Int] = []
        for _ in 0..<3 {
            var clients: [RawClient] = []
            // Warm up allocators and the responder path before measuring.
            for _ in 0..<20 { clients.append(try await Self.idleClient(port: live.port)) }
            let before = Self.residentBytes()
            for _ in 0..<1000 { clients.append(try await Self.idleClient(port: live.port)) }
            #expect(live.server.connectionCount == 1020)
            perConnection.append((Self.residentBytes() - before) / 1000)
            clients.removeAll()
            #expect(await eventually { live.server.connectionCount == 0 })
        }
        let smallest = perConnection.min() ?? .max
        print("idle keep-alive connection: \(smallest) bytes of RSS each (server and test client together; rounds \(perConnection))")
        // A 16 KiB read buffer kept per connection alone would exceed this.
        #expect(smallest < 16 * 1024)
        await live.stop()
    }

    static func idleClient(port: Int) async throws -> RawClient {
        let client = try RawClient(port: port)
        try await client.send("GET /idle HTTP/1.1\r\nHost: h\r\nUser-Agent: \(String(repeating: "u", count: 200))\r\n\r\n")
        #expect(try await client.readResponse()?.status == 200)
        return client
    }

    @Test("a client that stops reading is cut off after the write timeout")
    func writeTimeout() async throws {
        let size = 32 * 1024 * 1024
        let responder = RecordingResponder { _ in HTTPResponse(status: .ok, body: [UInt8](repeating: 65, count: size)) }
        let live = try LiveServer(responder: responder, timeouts: ServerTimeouts(write: .milliseconds(300)))
        let client = try RawClient(port: live.port)
        try await client.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(await eventually { live.responder.count == 1 })
        // Not reading: the server's writes stall and it must give up on its own.
        #expect(await eventually { live.server.connectionCount == 0 })
        let received = try await client.readUntilClose()
        #expect(received.count < size, "the server gave up before sending everything")
        await live.stop()
    }
}
