import Testing
@testable import HTTPServer

@Suite struct HTTPSyntaxTests {
    /// The word-at-a-time field-value check against the byte rule, for every
    /// byte value in every position of an eight-byte word and in the tail.
    @Test func fieldValueCheckAgreesWithTheByteRule() {
        for length in [1, 7, 8, 9, 16, 19] {
            for position in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = byte
                    let checked = bytes.withUnsafeBytes(HTTPSyntax.isFieldValue)
                    #expect(checked == HTTPSyntax.isFieldValueByte(byte), "byte \(byte) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func fieldValueCheckOnMixedBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0xA0, 0xFF]
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8(ascii: "x")
            }
            #expect(bytes.withUnsafeBytes(HTTPSyntax.isFieldValue) == bytes.allSatisfy(HTTPSyntax.isFieldValueByte), "\(bytes)")
        }
    }

    /// The token bit sets against RFC 9110's `tchar` rule, for every byte.
    @Test func tokenBitsAgreeWithTheTcharRule() {
        for byte in UInt8.min...UInt8.max {
            let isAlpha = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) && byte < 0x80
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            let expected = isAlpha || isDigit || HTTPSyntax.tokenPunctuation.contains(byte)
            #expect(HTTPSyntax.isTokenChar(byte) == expected, "byte \(byte)")
        }
    }
}
