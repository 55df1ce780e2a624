import Testing
@testable import GrantModel

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #" { "b": [1, -0.5, 1e3, 2E-2], "a": "x\n\u00e9\ud83d\ude00", "n": null, "t": true, "f": false } "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "n", "t", "f"])
        #expect(value["b"] == .array([.number("1"), .number("-0.5"), .number("1e3"), .number("2E-2")]))
        #expect(value["a"]?.stringValue == "x\né😀")
        #expect(value["n"] == .null)
        #expect(value["t"]?.boolValue == true)
        #expect(value["f"]?.boolValue == false)
        #expect(value["missing"] == nil)
    }

    @Test func keepsNumberTextExactly() throws {
        let text = "[12345678901234567890123, 0.10, -0, 1E+2]"
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == "[12345678901234567890123,0.10,-0,1E+2]")
    }

    @Test func scalarsAtTopLevel() throws {
        #expect(try JSONValue(parsing: "\"s\"") == .string("s"))
        #expect(try JSONValue(parsing: " 7 ") == .number("7"))
        #expect(try JSONValue(parsing: "null") == .null)
    }

    @Test func repeatedKeysAreFoundInSmallAndLargeObjects() throws {
        // Small objects compare keys one by one, large ones hash them: both must see a repeat.
        for size in [2, JSONParser.linearKeys, JSONParser.linearKeys + 1, 40] {
            let keys = (0..<size).map { "\"k\($0)\":\($0)" }
            #expect(try JSONValue(parsing: "{" + keys.joined(separator: ",") + "}").objectValue?.count == size)
            for repeated in [0, size - 1] {
                let text = "{" + (keys + ["\"k\(repeated)\":0"]).joined(separator: ",") + "}"
                #expect(throws: JSONParseError.self, "\(size) keys, k\(repeated) again") { try JSONValue(parsing: text) }
            }
        }
    }

    @Test(arguments: [
        ("", JSONParseError.Kind.unexpectedEnd, 1, 1, "the input ended where a value was expected"),
        ("{\"a\":1} x", .trailingContent, 1, 9, "unexpected 'x' after the end of the JSON value"),
        ("[1,]", .unexpectedByte, 1, 4, "a trailing comma is not allowed before ']'"),
        ("{\"a\":1,}", .unexpectedByte, 1, 8, "a trailing comma is not allowed before '}'"),
        ("{\"a\":1,\n \"a\":2}", .duplicateKey, 2, 2, "the key \"a\" appears twice in the same object"),
        ("[01]", .invalidNumber, 1, 3, "a number must not have a leading zero"),
        ("[1.]", .invalidNumber, 1, 4, "a '.' in a number must be followed by a digit"),
        ("[1e]", .invalidNumber, 1, 4, "an exponent in a number must have digits"),
        ("[-x]", .invalidNumber, 1, 3, "a '-' must be followed by a digit"),
        ("[+1]", .unexpectedByte, 1, 2, "unexpected '+' where a value was expected"),
        ("\"a\tb\"", .controlCharacterInString, 1, 3, "a control character (byte 0x09) must be escaped inside a string"),
        ("\"\\x\"", .invalidEscape, 1, 2, "'\\x' is not a valid escape sequence"),
        ("\"\\u12G4\"", .invalidUnicodeEscape, 1, 2, "a \\u escape needs four hex digits"),
        ("\"\\ud800\"", .loneSurrogate, 1, 2, "the escape \\uD800 is a high surrogate without a low surrogate after it"),
        ("\"\\ud800\\u0041\"", .loneSurrogate, 1, 2, "the escape \\uD800 is a high surrogate without a low surrogate after it"),
        ("\"\\udc00\"", .loneSurrogate, 1, 2, "the escape \\uDC00 is a low surrogate without a high surrogate before it"),
        ("\"abc", .unexpectedEnd, 1, 5, "the input ended inside a string (missing closing '\"')"),
        ("[tru]", .unexpectedByte, 1, 5, "unexpected ']'; did you mean 'true'?"),
        ("nul", .unexpectedEnd, 1, 1, "the input ended inside 'null'"),
        ("{1:2}", .unexpectedByte, 1, 2, "unexpected '1' where an object key (a string in double quotes) was expected"),
        ("{\"a\" 1}", .unexpectedByte, 1, 6, "unexpected '1' after an object key (expected ':')"),
        ("[1 2]", .unexpectedByte, 1, 4, "unexpected '2' in an array (expected ',' or ']')"),
        ("// c\n1", .unexpectedByte, 1, 1, "unexpected '/' where a value was expected"),
        ("[\"é\", x]", .unexpectedByte, 1, 7, "unexpected 'x' where a value was expected"),
    ])
    func rejectsInvalidText(text: String, kind: JSONParseError.Kind, line: Int, column: Int, message: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.kind == kind)
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message == message)
            #expect(error.description == "line \(line), column \(column): \(message)")
        }
    }

    @Test(arguments: [
        [0x22, 0xFF, 0x22],             // never valid
        [0x22, 0xC0, 0xAF, 0x22],       // overlong '/'
        [0x22, 0xED, 0xA0, 0x80, 0x22], // UTF-8 encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // above U+10FFFF
        [0x22, 0xE2, 0x82],             // cut off
        [0x22, 0x80, 0x22],             // lone continuation byte
    ] as [[UInt8]])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        #expect {
            try JSONValue(parsing: bytes)
        } throws: { error in
            (error as? JSONParseError)?.kind == .invalidUTF8
        }
    }

    @Test func acceptsValidMultibyteUTF8() throws {
        let bytes: [UInt8] = [0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0x22]
        #expect(try JSONValue(parsing: bytes) == .string("é€😀"))
    }

    @Test func rejectsByteOrderMark() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0xEF, 0xBB, 0xBF, 0x31]) }
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONValue(parsing: ok) }
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect {
            try JSONValue(parsing: deep)
        } throws: { error in
            (error as? JSONParseError)?.kind == .tooDeep
        }
        // Far deeper than the limit must still fail cleanly, not crash.
        let hostile = String(repeating: "[{\"a\":", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: hostile) }
    }

    @Test func accessors() throws {
        let value = try JSONValue(parsing: #"{"i": 42, "n": -7, "f": 4.0, "e": 1e3, "big": 99999999999999999999, "a": [1]}"#)
        #expect(value["i"]?.intValue == 42)
        #expect(value["n"]?.intValue == -7)
        #expect(value["f"]?.intValue == nil)
        #expect(value["e"]?.intValue == nil)
        #expect(value["big"]?.intValue == nil)
        #expect(value["a"]?[0]?.intValue == 1)
        #expect(value["a"]?[1] == nil)
        #expect(value["a"]?.arrayValue?.count == 1)
        #expect(value["i"]?.stringValue == nil)
        #expect(value.objectValue?.contains("e") == true)
    }
}

@Suite struct JSONDepthOnWorkerThreadsTests {
    /// The console parses upstream bodies on pool threads, whose stacks are
    /// smaller than the main thread's: the depth limit must fit there too.
    @Test func maximumDepthFitsOnAPoolThread() async throws {
        let text = String(repeating: "[{\"a\":", count: 256) + "1" + String(repeating: "}]", count: 256)
        let result = try await Task.detached {
            let value = try JSONValue(parsing: text)
            return (value.serialized(pretty: true).count, value == value)
        }.value
        #expect(result.0 > 0 && result.1)
    }
}
