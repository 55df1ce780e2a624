import CEpoll
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One epoll instance: the readiness of many sockets behind a single
/// descriptor, which is itself readable while any of them is ready.
///
/// The server watches that one descriptor with a Dispatch read source and
/// drains every ready socket in the source's handler. Dispatch re-arms a
/// source through its manager thread after every event (an eventfd write
/// and a wake-up); watching each socket with its own source paid that for
/// every request, this pays it once per batch.
///
/// Level-triggered. Not thread-safe: the owner calls it from one serial queue.
public final class EventPoll {
    /// What a socket is watched for, and what was seen on it.
    public struct Events: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let readable = Events(rawValue: EPOLLIN.rawValue)
        public static let writable = Events(rawValue: EPOLLOUT.rawValue)
        /// Reported whatever was asked for: the socket failed or both directions are shut.
        public static let hangUp = Events(rawValue: EPOLLHUP.rawValue | EPOLLERR.rawValue)
    }

    /// A socket that is ready, named by the token it was added with.
    public struct Ready: Sendable {
        public let token: UInt64
        public let events: Events
    }

    /// The epoll descriptor, for the Dispatch source that watches it.
    public let descriptor: Int32
    private var buffer: UnsafeMutablePointer<epoll_event>
    private let capacity: Int

    /// - Parameter capacity: the most ready sockets one ``wait()`` returns.
    public init(capacity: Int = 64) throws {
        let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SystemError(call: "epoll_create1", errno: errno) }
        descriptor = fd
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        Glibc.close(descriptor)
    }

    /// Starts watching `fd` for `events`; `token` comes back with its readiness.
    public func add(_ fd: Int32, token: UInt64, events: Events) throws {
        try control(EPOLL_CTL_ADD, fd, token: token, events: events)
    }

    /// Changes what `fd` is watched for.
    public func modify(_ fd: Int32, token: UInt64, events: Events) throws {
        try control(EPOLL_CTL_MOD, fd, token: token, events: events)
    }

    /// Stops watching `fd`; call before closing it.
    public func remove(_ fd: Int32) {
        _ = epoll_ctl(descriptor, EPOLL_CTL_DEL, fd, nil)
    }

    /// The sockets ready now, without waiting; empty when none is.
    public func ready() throws -> [Ready] {
        var count: Int32
        repeat { count = epoll_wait(descriptor, buffer, Int32(capacity), 0) } while count < 0 && errno == EINTR
        guard count >= 0 else { throw SystemError(call: "epoll_wait", errno: errno) }
        return (0..<Int(count)).map { Ready(token: buffer[$0].data.u64, events: Events(rawValue: buffer[$0].events)) }
    }

    private func control(_ operation: Int32, _ fd: Int32, token: UInt64, events: Events) throws {
        var event = epoll_event()
        event.events = events.rawValue
        event.data.u64 = token
        guard epoll_ctl(descriptor, operation, fd, &event) == 0 else {
            throw SystemError(call: "epoll_ctl", errno: errno)
        }
    }
}
