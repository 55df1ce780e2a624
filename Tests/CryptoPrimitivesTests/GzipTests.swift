import Testing
import CryptoPrimitives
import Gzip

@Suite struct GzipTests {
    private let text = Array(String(repeating: "GrantDesk gzip round trip — ünïcode and repetition. ", count: 400).utf8)

    @Test(arguments: [0, 1, 100, 16 * 1024, 200_000])
    func roundTripsRandomBytes(size: Int) throws {
        let bytes = RandomBytes.generate(count: size)
        let compressed = try Gzip.compress(bytes)
        #expect(Gzip.looksLikeGzip(compressed))
        #expect(try Gzip.decompress(compressed, maxSize: size) == bytes)
    }

    @Test func textShrinks() throws {
        let compressed = try Gzip.compress(text, level: 9)
        #expect(compressed.count * 10 < text.count)
        #expect(try Gzip.decompress(compressed, maxSize: text.count) == text)
    }

    /// Produced by Python's `gzip.compress(b"hello world\n", mtime=0)`: an
    /// independent encoder, so our decoder is not only checked against itself.
    @Test func decodesForeignGzip() throws {
        let fixture = "1f8b0800000000000203cb48cdc9c95728cf2fca49e102002d3b08af0c000000"
        let decoded = try Gzip.decompress(Hex.decode(fixture)!, maxSize: 100)
        #expect(decoded == Array("hello world\n".utf8))
    }

    @Test func streamingMatchesContent() throws {
        let compressor = try GzipCompressor(level: 6)
        var output: [UInt8] = []
        for start in stride(from: 0, to: text.count, by: 3000) {
            output += try compressor.update(Array(text[start..<min(start + 3000, text.count)]))
        }
        output += try compressor.finish()
        #expect(try Gzip.decompress(output, maxSize: text.count) == text)
        // After finish the compressor starts a fresh, independent member.
        let second = try compressor.finish(Array("again".utf8))
        #expect(try Gzip.decompress(second, maxSize: 10) == Array("again".utf8))
    }

    @Test func outputCapIsEnforced() throws {
        let zeros = [UInt8](repeating: 0, count: 1_000_000)
        let bomb = try Gzip.compress(zeros, level: 9)
        #expect(bomb.count < 5_000)
        #expect(throws: GzipError.tooLarge(limit: 999_999)) { try Gzip.decompress(bomb, maxSize: 999_999) }
        #expect(try Gzip.decompress(bomb, maxSize: 1_000_000).count == 1_000_000)
    }

    @Test func truncatedInputIsRejected() throws {
        let compressed = try Gzip.compress(text)
        #expect(throws: GzipError.truncated) { try Gzip.decompress(Array(compressed.dropLast(4)), maxSize: 1 << 20) }
        #expect(throws: GzipError.truncated) { try Gzip.decompress([], maxSize: 1 << 20) }
    }

    @Test func trailingBytesAreRejected() throws {
        let compressed = try Gzip.compress(text)
        #expect(throws: GzipError.trailingData) { try Gzip.decompress(compressed + [0x41], maxSize: 1 << 20) }
    }

    @Test func corruptChecksumIsRejected() throws {
        var compressed = try Gzip.compress(text)
        compressed[compressed.count - 8] ^= 0xFF  // first byte of the CRC-32 trailer
        #expect(throws: GzipError.corrupt) { try Gzip.decompress(compressed, maxSize: 1 << 20) }
    }

    @Test func notGzipIsRejected() {
        #expect(throws: GzipError.corrupt) { try Gzip.decompress(Array("plain text, not gzip".utf8), maxSize: 100) }
    }

    @Test func invalidLevelIsRejected() {
        #expect(throws: GzipError.invalidLevel(10)) { try Gzip.compress([1], level: 10) }
    }
}
