#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place GrantDesk makes socket system calls.
///
/// Every call retries `EINTR`, reports `EAGAIN`/`EWOULDBLOCK` as
/// ``IOResult/wouldBlock`` where blocking is possible, and throws
/// ``SystemError`` for everything else, so callers never read `errno`.
public enum Posix {
    /// Ignores `SIGPIPE` for the whole process: writing to a socket the peer
    /// has closed must surface as `EPIPE`, not kill the server.
    public static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Creates a non-blocking, close-on-exec listening TCP socket bound to
    /// `host` (an IPv4 or IPv6 literal, or `localhost`) and `port`
    /// (0 for an ephemeral port). Returns the descriptor and the bound port.
    public static func makeListeningSocket(host: String, port: Int, backlog: Int32 = 511) throws -> (fd: Int32, port: Int) {
        let address = try SocketAddress(host: host, port: port)
        let fd = try socket(family: address.family)
        do {
            var one: Int32 = 1
            try setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: &one)
            try address.withSockAddr { pointer, length in
                try retrying("bind") { Glibc.bind(fd, pointer, length) }
            }
            try retrying("listen") { Glibc.listen(fd, backlog) }
            return (fd, try localPort(fd))
        } catch {
            close(fd)
            throw error
        }
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec
    /// socket, with the peer's address as text.
    public static func accept(_ listener: Int32) throws -> IOResult<(fd: Int32, remoteAddress: String)> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let result: IOResult<Int32> = try withUnsafeMutablePointer(to: &storage) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                try retryingNonBlocking("accept4") { Int(c_accept4(listener, address, &length, flags)) }
            }.map { Int32($0) }
        }
        switch result {
        case .wouldBlock: return .wouldBlock
        case .processed(let fd): return .processed((fd, SocketAddress.text(of: storage)))
        }
    }

    /// Reads into `buffer`; `.processed(0)` means the peer closed its side.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> IOResult<Int> {
        try retryingNonBlocking("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Whether the peer has closed its sending side with nothing unread
    /// before the end, found by peeking (nothing is consumed). Bytes still
    /// to read, a pipelined request say, count as open: the end, if it
    /// came, is behind them.
    public static func peerHasClosed(_ fd: Int32) throws -> Bool {
        var byte: UInt8 = 0
        let result = try retryingNonBlocking("recv") { Glibc.recv(fd, &byte, 1, Int32(MSG_PEEK)) }
        if case .processed(0) = result { return true }
        return false
    }

    /// Writes as much of `buffer` as the socket takes; returns the count written.
    public static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws -> IOResult<Int> {
        try retryingNonBlocking("write") { Glibc.write(fd, buffer.baseAddress, buffer.count) }
    }

    /// Gathers several buffers into one write; returns the count written.
    public static func writev(_ fd: Int32, _ buffers: [UnsafeRawBufferPointer]) throws -> IOResult<Int> {
        var vectors = buffers.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
        return try retryingNonBlocking("writev") { Glibc.writev(fd, &vectors, Int32(vectors.count)) }
    }

    /// The processors online (at least 1).
    public static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Closes a descriptor. `EINTR` is not retried: on Linux the descriptor
    /// is already released and a retry could close someone else's.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Shuts down the sending side, so the peer sees end-of-stream while we
    /// can still read (and discard) what it sends.
    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Opens a blocking client connection (tests and tools), with a receive
    /// timeout so a missing answer fails instead of hanging.
    public static func connect(host: String, port: Int, receiveTimeoutSeconds: Int = 10) throws -> Int32 {
        let address = try SocketAddress(host: host, port: port)
        let fd = try socket(family: address.family)
        do {
            try setBlocking(fd)
            var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
            try setOption(fd, level: SOL_SOCKET, name: SO_RCVTIMEO, value: &timeout)
            try address.withSockAddr { pointer, length in
                try retrying("connect") { Glibc.connect(fd, pointer, length) }
            }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// The peer address of a connected socket as text, or empty.
    public static func peerAddress(_ fd: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        return ok == 0 ? SocketAddress.text(of: storage) : ""
    }

    // MARK: - Helpers

    private static func socket(family: Int32) throws -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = Glibc.socket(family, type, 0)
        guard fd >= 0 else { throw SystemError(call: "socket", errno: errno) }
        return fd
    }

    private static func setBlocking(_ fd: Int32) throws {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { throw SystemError(call: "fcntl", errno: errno) }
        try retrying("fcntl") { fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    }

    private static func setOption<T: BitwiseCopyable>(_ fd: Int32, level: Int32, name: Int32, value: inout T) throws {
        let size = socklen_t(MemoryLayout<T>.size)
        try withUnsafeBytes(of: &value) { bytes in
            try retrying("setsockopt") { setsockopt(fd, level, name, bytes.baseAddress, size) }
        }
    }

    private static func localPort(_ fd: Int32) throws -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutablePointer(to: &storage) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                try retrying("getsockname") { getsockname(fd, address, &length) }
            }
        }
        return SocketAddress.port(of: storage)
    }

    /// Runs a call returning 0/-1, retrying `EINTR`.
    private static func retrying(_ call: String, _ body: () -> Int32) throws {
        while true {
            if body() != -1 { return }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(call: call, errno: code)
        }
    }

    /// Runs a call returning a count or -1, retrying `EINTR` and mapping
    /// `EAGAIN`/`EWOULDBLOCK` to `.wouldBlock`.
    private static func retryingNonBlocking(_ call: String, _ body: () -> Int) throws -> IOResult<Int> {
        while true {
            let result = body()
            if result >= 0 { return .processed(result) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            throw SystemError(call: call, errno: code)
        }
    }
}

/// glibc declares `accept4` only under `_GNU_SOURCE`, which the Glibc module
/// does not set; the symbol itself is always there.
@_silgen_name("accept4")
private func c_accept4(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32

extension IOResult {
    fileprivate func map<T>(_ transform: (Value) -> T) -> IOResult<T> {
        switch self {
        case .processed(let value): return .processed(transform(value))
        case .wouldBlock: return .wouldBlock
        }
    }
}
