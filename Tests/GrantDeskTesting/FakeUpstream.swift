import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately misbehaving HTTP/1.1 upstream on a real loopback socket,
/// for faults our own server would never produce: hanging, truncating,
/// flooding, redirecting elsewhere. Blocking POSIX calls on background
/// threads; test-only.
final class FakeUpstream: Sendable {
    /// What to do with one request.
    enum Action: Sendable {
        /// Answer normally.
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Read the request, then say nothing until the test ends.
        case hang
        /// Announce `declared` bytes, send `body`, close.
        case truncated(declared: Int, body: [UInt8])
        /// Send `total` bytes of body in 64 KiB chunks (with or without a Content-Length).
        case flood(total: Int, announceLength: Bool)
        /// Close the connection without answering.
        case close
    }

    /// One request as received.
    struct Received: Sendable {
        let method: String
        let target: String
        let headers: [String: String]
        let body: [UInt8]
    }

    let port: Int
    private let listener: Int32
    private let handler: @Sendable (Received) -> Action
    private let state = Mutex(State())

    private struct State {
        var received: [Received] = []
        var connections: [Int32] = []
        var stopped = false
        var bytesSent = 0
    }

    init(handler: @escaping @Sendable (Received) -> Action) throws {
        self.handler = handler
        signal(SIGPIPE, SIG_IGN)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Every request received so far.
    var received: [Received] { state.withLock { $0.received } }
    /// Body bytes written so far by `flood`.
    var bytesSent: Int { state.withLock { $0.bytesSent } }

    /// Closes the listener and every open connection.
    func stop() {
        // Under the lock so no connection closes (and its fd number is reused) meanwhile.
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
            for connection in state.connections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let stopped = state.withLock { state in
                if state.stopped {
                    close(connection)
                } else {
                    state.connections.append(connection)
                }
                return state.stopped
            }
            if stopped { return }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer {
            state.withLock { state in
                state.connections.removeAll { $0 == connection }
                close(connection)
            }
        }
        while let request = readRequest(connection) {
            state.withLock { $0.received.append(request) }
            switch handler(request) {
            case .respond(let status, let headers, let body):
                var head = "HTTP/1.1 \(status) Status\r\nContent-Length: \(body.count)\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                guard write(connection, Array((head + "\r\n").utf8) + body) else { return }
            case .hang:
                while !state.withLock({ $0.stopped }) { usleep(20_000) }
                return
            case .truncated(let declared, let body):
                _ = write(connection, Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(declared)\r\n\r\n".utf8) + body)
                return
            case .flood(let total, let announce):
                let length = announce ? "Content-Length: \(total)\r\n" : "Connection: close\r\n"
                guard write(connection, Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\(length)\r\n".utf8)) else { return }
                let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 65_536)
                var sent = 0
                while sent < total {
                    let piece = Array(chunk.prefix(min(chunk.count, total - sent)))
                    guard write(connection, piece) else { return }
                    sent += piece.count
                    state.withLock { $0.bytesSent += piece.count }
                }
                return
            case .close:
                return
            }
        }
    }

    private func write(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    private func readRequest(_ connection: Int32) -> Received? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
            headEnd = buffer.firstRange(of: separator)?.upperBound
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self).split(separator: "\r\n")
        let requestLine = head.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Array(buffer[headEnd!...])
        while body.count < length {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            body += chunk[0..<count]
        }
        return Received(
            method: requestLine.count > 0 ? String(requestLine[0]) : "",
            target: requestLine.count > 1 ? String(requestLine[1]) : "",
            headers: headers, body: body
        )
    }

    /// A loopback port with nothing listening on it (connections are refused).
    static func closedPort() -> Int {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The process's resident set size in bytes, from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
