/// Why a text is not valid JSON, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in a form code can switch on.
    public enum Kind: Sendable, Hashable {
        /// The input ended too early.
        case unexpectedEnd
        /// A byte that cannot appear here.
        case unexpectedByte
        /// A number that breaks the JSON grammar.
        case invalidNumber
        /// A backslash escape JSON does not define.
        case invalidEscape
        /// A `\\u` escape without four hex digits.
        case invalidUnicodeEscape
        /// A `\\u` surrogate escape without its pair.
        case loneSurrogate
        /// A raw control character inside a string.
        case controlCharacterInString
        /// Bytes that are not valid UTF-8.
        case invalidUTF8
        /// The same key twice in one object.
        case duplicateKey
        /// Nesting deeper than the limit.
        case tooDeep
        /// Something after the one JSON value.
        case trailingContent
    }

    /// The kind of problem.
    public let kind: Kind
    /// Byte offset (0-based) in the input where the problem was found.
    public let offset: Int
    /// Line (1-based) of `offset`.
    public let line: Int
    /// Column (1-based, in characters of the line) of `offset`.
    public let column: Int
    /// A sentence that says what is wrong, without the position.
    public let message: String

    /// Creates an error; line and column are worked out from the input.
    init(_ kind: Kind, _ message: String, at offset: Int, in bytes: [UInt8]) {
        self.kind = kind
        self.offset = offset
        self.message = message
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        var index = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        // Count characters, not bytes: UTF-8 continuation bytes start with 0b10.
        var column = 1
        index = lineStart
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        self.line = line
        self.column = column
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}
