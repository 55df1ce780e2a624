import Dispatch
import Synchronization

/// A request body sent while it is produced (a file passed through from
/// another connection): its exact length, and its pieces one at a time.
public struct HTTPClientUpload: Sendable {
    /// The body's exact length (sent as `Content-Length`).
    public let length: Int
    let pull: @Sendable () async throws -> [UInt8]?

    /// - Parameters:
    ///   - length: the exact number of bytes `next` produces in total.
    ///   - next: the next piece, nil at the end; called one at a time.
    public init(length: Int, next: @escaping @Sendable () async throws -> [UInt8]?) {
        self.length = length
        self.pull = next
    }
}

/// Between an upload's producer (a task reading ``HTTPClientUpload``) and
/// libcurl's thread, which reads from it in its read callback: at most
/// `capacity` bytes wait; the task is suspended while it is full, libcurl's
/// thread blocks while it is empty.
final class UploadPipe: Sendable {
    private struct State {
        var pieces: [[UInt8]] = []
        var offset = 0
        var buffered = 0
        var ended = false
        var failed = false
        var readerWaiting = false
        var producer: CheckedContinuation<Void, Never>?
        /// libcurl gave up (the transfer failed or was cancelled).
        var closed = false
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Reads the upload into the pipe until it ends, fails or libcurl stops.
    func pump(_ upload: HTTPClientUpload) async {
        do {
            while let piece = try await upload.pull() {
                guard await put(piece) else { return }
            }
            end(failed: false)
        } catch {
            end(failed: true)
        }
    }

    private func put(_ piece: [UInt8]) async -> Bool {
        while true {
            enum Outcome { case stored, full, closed }
            let outcome = state.withLock { state -> Outcome in
                if state.closed { return .closed }
                guard state.buffered < capacity else { return .full }
                state.pieces.append(piece)
                state.buffered += piece.count
                return .stored
            }
            switch outcome {
            case .closed: return false
            case .stored:
                wakeReader()
                return true
            case .full:
                await withCheckedContinuation { continuation in
                    let retry = state.withLock { state -> Bool in
                        if state.closed || state.buffered < capacity { return true }
                        state.producer = continuation
                        return false
                    }
                    if retry { continuation.resume() }
                }
            }
        }
    }

    private func end(failed: Bool) {
        state.withLock { state in
            state.ended = true
            state.failed = failed
        }
        wakeReader()
    }

    private func wakeReader() {
        let wake = state.withLock { state -> Bool in
            defer { state.readerWaiting = false }
            return state.readerWaiting
        }
        if wake { available.signal() }
    }

    /// libcurl's side: copies up to `buffer.count` bytes, blocking while none
    /// are ready. Nil when the upload failed (the transfer must abort).
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        while true {
            enum Outcome { case copied(Int, CheckedContinuation<Void, Never>?), ended, failed, wait }
            let outcome = state.withLock { state -> Outcome in
                if let first = state.pieces.first {
                    let count = min(buffer.count, first.count - state.offset)
                    first.withUnsafeBytes { source in
                        buffer.baseAddress!.copyMemory(from: source.baseAddress! + state.offset, byteCount: count)
                    }
                    state.offset += count
                    state.buffered -= count
                    if state.offset == first.count {
                        state.pieces.removeFirst()
                        state.offset = 0
                    }
                    var producer: CheckedContinuation<Void, Never>?
                    if state.buffered < capacity {
                        producer = state.producer
                        state.producer = nil
                    }
                    return .copied(count, producer)
                }
                if state.ended { return state.failed ? .failed : .ended }
                state.readerWaiting = true
                return .wait
            }
            switch outcome {
            case .copied(let count, let producer):
                producer?.resume()
                return count
            case .ended: return 0
            case .failed: return nil
            case .wait: available.wait()
            }
        }
    }

    /// libcurl is done with the pipe: the producer stops.
    func close() {
        let producer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            state.pieces = []
            state.buffered = 0
            defer { state.producer = nil }
            return state.producer
        }
        producer?.resume()
    }
}
