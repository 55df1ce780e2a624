import Synchronization

/// A request body handed to the responder while it is still arriving (for
/// routes that opt in with ``ServerConfiguration/streamedBody``). The
/// connection puts pieces in as it reads them; once more than `capacity`
/// bytes wait unread it stops reading the socket until the responder has
/// caught up, so a slow consumer slows the client instead of filling memory.
///
/// The sequence throws ``HTTPRequestBodyError`` when the body cannot be
/// completed (the peer went away, the body was too large or too slow).
public final class HTTPRequestBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    private struct State {
        var pieces: [[UInt8]] = []
        var buffered = 0
        var end: Result<Void, HTTPRequestBodyError>?
        var consumer: CheckedContinuation<Void, Never>?
        /// The producer stopped reading and waits to hear the buffer drained.
        var producerPaused = false
    }

    private let state = Mutex(State())
    private let capacity: Int
    /// Called (on the consumer's side) once the buffer has drained after the producer paused.
    private let resume: @Sendable () -> Void

    init(capacity: Int, resume: @escaping @Sendable () -> Void) {
        self.capacity = capacity
        self.resume = resume
    }

    /// The next piece, nil once the whole body has been read.
    public func next() async throws(HTTPRequestBodyError) -> [UInt8]? {
        while true {
            var wake = false
            let taken: Result<[UInt8]?, HTTPRequestBodyError>? = state.withLock { state in
                if !state.pieces.isEmpty {
                    let piece = state.pieces.removeFirst()
                    state.buffered -= piece.count
                    if state.producerPaused && state.buffered <= capacity / 2 {
                        state.producerPaused = false
                        wake = true
                    }
                    return .success(piece)
                }
                switch state.end {
                case .success?: return .success(nil)
                case .failure(let error)?: return .failure(error)
                case nil: return nil
                }
            }
            if wake { resume() }
            if let taken { return try taken.get() }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if !state.pieces.isEmpty || state.end != nil { return true }
                    state.consumer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// Reads the whole body (bounded by the route's limit): for a responder
    /// that turns out to need it at once after all.
    public func collect() async throws(HTTPRequestBodyError) -> [UInt8] {
        var bytes: [UInt8] = []
        while let piece = try await next() { bytes += piece }
        return bytes
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let body: HTTPRequestBody
        public mutating func next() async throws -> [UInt8]? { try await body.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }

    // MARK: - The connection's side

    /// Adds a piece; false when the producer should stop reading until `resume` is called.
    func yield(_ piece: [UInt8]) -> Bool {
        let (waiting, keepReading) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            guard state.end == nil else { return (nil, true) }
            state.pieces.append(piece)
            state.buffered += piece.count
            let keepReading = state.buffered <= capacity
            if !keepReading { state.producerPaused = true }
            defer { state.consumer = nil }
            return (state.consumer, keepReading)
        }
        waiting?.resume()
        return keepReading
    }

    /// The body ended: completely, or not.
    func finish(_ result: Result<Void, HTTPRequestBodyError>) {
        let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.end == nil else { return nil }
            state.end = result
            if case .failure = result {
                state.pieces = []
                state.buffered = 0
            }
            defer { state.consumer = nil }
            return state.consumer
        }
        waiting?.resume()
    }
}

/// Why a streamed request body ended before it was complete.
public enum HTTPRequestBodyError: Error, Sendable, Equatable {
    /// The server stopped reading it: too large, too slow, malformed, or the
    /// connection closed. The server has answered (or closed) on its own.
    case incomplete(HTTPStatus?)
}
