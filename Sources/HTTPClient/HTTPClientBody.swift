import Dispatch
import Synchronization

/// A response body arriving while it is read: libcurl's thread puts pieces
/// in, the caller takes them out with ``next()``. At most `capacity` bytes
/// wait in between; past that libcurl's thread blocks in its write callback,
/// so the socket stops being read and a slow consumer slows the upstream
/// instead of filling memory.
///
/// Call ``cancel()`` when giving up before the end: it releases libcurl's
/// thread and stops the transfer.
public final class HTTPClientBody: Sendable {
    private struct State {
        var pieces: [[UInt8]] = []
        var buffered = 0
        var end: Result<Void, HTTPClientError>?
        var cancelled = false
        var producerWaiting = false
        var consumer: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let space = DispatchSemaphore(value: 0)
    private let capacity: Int
    private let onCancel: @Sendable () -> Void

    init(capacity: Int, onCancel: @escaping @Sendable () -> Void) {
        self.capacity = capacity
        self.onCancel = onCancel
    }

    /// The next piece, nil at the end of the body.
    /// - Throws: `HTTPClientError` when the transfer failed part-way.
    public func next() async throws(HTTPClientError) -> [UInt8]? {
        while true {
            let taken: Result<[UInt8]?, HTTPClientError>? = state.withLock { state in
                if !state.pieces.isEmpty {
                    let piece = state.pieces.removeFirst()
                    state.buffered -= piece.count
                    if state.producerWaiting {
                        state.producerWaiting = false
                        space.signal()
                    }
                    return .success(piece)
                }
                switch state.end {
                case .success?: return .success(nil)
                case .failure(let error)?: return .failure(error)
                case nil: return state.cancelled ? .failure(.cancelled) : nil
                }
            }
            if let taken { return try taken.get() }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if !state.pieces.isEmpty || state.end != nil || state.cancelled { return true }
                    state.consumer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// Stops the transfer; pieces not yet taken are dropped.
    public func cancel() {
        let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.cancelled = true
            state.pieces = []
            state.buffered = 0
            if state.producerWaiting {
                state.producerWaiting = false
                space.signal()
            }
            defer { state.consumer = nil }
            return state.consumer
        }
        onCancel()
        waiting?.resume()
    }

    // MARK: - libcurl's side

    /// Hands over a piece, blocking while the buffer is full; false once the
    /// consumer has cancelled (the transfer must stop).
    func deliver(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let piece = Array(bytes)
        while true {
            enum Outcome { case stored(CheckedContinuation<Void, Never>?), full, cancelled }
            let outcome = state.withLock { state -> Outcome in
                if state.cancelled { return .cancelled }
                guard state.buffered < capacity else {
                    state.producerWaiting = true
                    return .full
                }
                state.pieces.append(piece)
                state.buffered += piece.count
                defer { state.consumer = nil }
                return .stored(state.consumer)
            }
            switch outcome {
            case .stored(let consumer):
                consumer?.resume()
                return true
            case .cancelled:
                return false
            case .full:
                space.wait()
            }
        }
    }

    /// The transfer ended, completely or not.
    func finish(_ result: Result<Void, HTTPClientError>) {
        let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.end == nil { state.end = result }
            defer { state.consumer = nil }
            return state.consumer
        }
        waiting?.resume()
    }
}

/// A response whose head has arrived and whose body is read as it comes.
public struct HTTPClientStreamedResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields as the transport reports them.
    public var headers: [HTTPClientHeader]
    /// The body, taken piece by piece; cancel it if not read to the end.
    public var body: HTTPClientBody

    /// The first value of a header, compared without regard to ASCII case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
