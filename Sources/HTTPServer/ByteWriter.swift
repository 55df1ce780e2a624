/// Writes bytes into a buffer sized beforehand: a copy per string, with no
/// capacity check and growth per append (appending a response head to an
/// array field by field cost about a hundred instructions per append).
/// Writing past the end is a programming error and stops the process.
struct ByteWriter: ~Copyable {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written so far.
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        precondition(count + bytes.count <= buffer.count, "ByteWriter: buffer too small")
        (buffer.baseAddress! + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func write(_ byte: UInt8) {
        precondition(count < buffer.count, "ByteWriter: buffer too small")
        buffer[count] = byte
        count += 1
    }

    /// CR LF, which ends every line of an HTTP head.
    mutating func writeLineEnd() {
        write(HTTPSyntax.cr)
        write(HTTPSyntax.lf)
    }

    mutating func write(_ text: String) {
        text.withUTF8Bytes { write($0) }
    }
}
