internal import CZlib

// The only file in this target that calls zlib. Each z_stream lives at a
// fixed heap address (zlib keeps a back-pointer to it in its internal
// state, so it must never move) and is owned by a final class that ends it
// in deinit.

/// zlib's gzip framing: 15 bits of window plus 16 selects the gzip wrapper.
private let gzipWindowBits: Int32 = 15 + 16
private let outputChunk = 16 * 1024

/// A streaming gzip compressor. Not thread-safe: use one per task.
public final class GzipCompressor {
    private let stream: UnsafeMutablePointer<z_stream>

    /// Creates a compressor at `level` (0 = store, 1 = fastest … 9 = smallest; 6 is zlib's default).
    public init(level: Int = 6) throws(GzipError) {
        guard (0...9).contains(level) else { throw .invalidLevel(level) }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = gd_deflateInit2(stream, Int32(level), Z_DEFLATED, gzipWindowBits, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .zlib(status)
        }
        self.stream = stream
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses more input; returns whatever output zlib has ready (often none yet).
    public func update(_ input: [UInt8]) throws(GzipError) -> [UInt8] {
        try run(input, flush: Z_NO_FLUSH)
    }

    /// Compresses the last input and writes the gzip trailer. The compressor
    /// is then reset and ready for a new, independent gzip member.
    public func finish(_ input: [UInt8] = []) throws(GzipError) -> [UInt8] {
        let output = try run(input, flush: Z_FINISH)
        deflateReset(stream)
        return output
    }

    private func run(_ input: [UInt8], flush: Int32) throws(GzipError) -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw .inputTooLarge }
        let bound = Int(deflateBound(stream, UInt(input.count)))
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: flush == Z_FINISH ? max(bound, 64) : outputChunk)
        defer { stream.pointee.next_in = nil; stream.pointee.next_out = nil }
        var status = Z_OK
        var input = input
        try input.withUnsafeMutableBufferPointer { (inputBuffer) throws(GzipError) in
            stream.pointee.next_in = inputBuffer.baseAddress
            stream.pointee.avail_in = UInt32(inputBuffer.count)
            while true {
                let produced = chunk.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.pointee.next_out = outputBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outputBuffer.count)
                    status = deflate(stream, flush)
                    return outputBuffer.count - Int(stream.pointee.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END { return }
                // Z_BUF_ERROR only means "no progress possible": all input consumed.
                guard status == Z_OK || status == Z_BUF_ERROR else { throw .zlib(status) }
                if flush != Z_FINISH, stream.pointee.avail_in == 0, stream.pointee.avail_out != 0 { return }
            }
        }
        return output
    }
}

/// A gzip decompressor for one complete member, with an output cap so a
/// small hostile input cannot expand into unbounded memory.
final class GzipDecompressor {
    private let stream: UnsafeMutablePointer<z_stream>

    init() throws(GzipError) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = gd_inflateInit2(stream, gzipWindowBits)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .zlib(status)
        }
        self.stream = stream
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func decompress(_ input: [UInt8], maxSize: Int) throws(GzipError) -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw .inputTooLarge }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: outputChunk)
        defer { stream.pointee.next_in = nil; stream.pointee.next_out = nil }
        var input = input
        try input.withUnsafeMutableBufferPointer { (inputBuffer) throws(GzipError) in
            stream.pointee.next_in = inputBuffer.baseAddress
            stream.pointee.avail_in = UInt32(inputBuffer.count)
            while true {
                var status = Z_OK
                let produced = chunk.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.pointee.next_out = outputBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outputBuffer.count)
                    status = inflate(stream, Z_NO_FLUSH)
                    return outputBuffer.count - Int(stream.pointee.avail_out)
                }
                guard output.count + produced <= maxSize else { throw .tooLarge(limit: maxSize) }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    guard stream.pointee.avail_in == 0 else { throw .trailingData }
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress with output space left means the input ended early.
                    throw .truncated
                case Z_DATA_ERROR, Z_NEED_DICT:
                    throw .corrupt
                default:
                    throw .zlib(status)
                }
            }
        }
        return output
    }
}
