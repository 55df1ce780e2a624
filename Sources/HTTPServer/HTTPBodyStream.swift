/// A response body produced piece by piece while it is sent, for bodies too
/// large to hold (file downloads). The server asks for the next piece only
/// once the previous one has been written to the socket, so a slow reader
/// holds back the producer instead of piling up memory.
///
/// The length is declared up front and sent as `Content-Length`: a producer
/// that ends early or runs over, or throws, gets the connection closed
/// (the peer sees a short body, never a mis-framed next response).
public struct HTTPBodyStream: Sendable {
    /// The body's exact length in bytes.
    public let length: Int
    private let pull: @Sendable () async throws -> [UInt8]?
    private let onFinish: @Sendable () -> Void

    /// - Parameters:
    ///   - length: the exact number of bytes `next` will produce in total.
    ///   - next: the next piece, or nil at the end; called one at a time.
    ///   - finished: called once when the server is done with the stream,
    ///     complete or not (the peer went away): release what feeds it.
    public init(length: Int, next: @escaping @Sendable () async throws -> [UInt8]?,
                finished: @escaping @Sendable () -> Void = {}) {
        self.length = length
        self.pull = next
        self.onFinish = finished
    }

    /// Tells the producer the server needs no more pieces.
    func finished() { onFinish() }

    /// The next piece of the body, or nil when it is complete.
    public func next() async throws -> [UInt8]? { try await pull() }
}
