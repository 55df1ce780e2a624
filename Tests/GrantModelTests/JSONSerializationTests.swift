import Testing
@testable import GrantModel

@Suite struct JSONSerializationTests {
    @Test func compactAndPretty() throws {
        let value: JSONValue = ["b": [1, true, nil], "a": ["x": "y"], "e": [:], "l": []]
        #expect(value.serialized() == #"{"b":[1,true,null],"a":{"x":"y"},"e":{},"l":[]}"#)
        #expect(value.serialized(pretty: true) == """
        {
          "b": [
            1,
            true,
            null
          ],
          "a": {
            "x": "y"
          },
          "e": {},
          "l": []
        }
        """)
    }

    @Test func escapesForJSONAndHTML() {
        let value = JSONValue.string("\"\\\n\r\t\u{08}\u{0C}\u{01}\u{7F}</script>&\u{2028}\u{2029}é😀")
        #expect(value.serialized() == #""\"\\\n\r\t\b\f\u0001\u007f\u003c/script\u003e\u0026\u2028\u2029é😀""#)
    }

    @Test func roundTripKeepsOrderAndText() throws {
        let text = #"{"z":1.50,"a":{"y":[],"x":{}},"m":"<&>","k":null}"#
        let value = try JSONValue(parsing: text)
        let again = try JSONValue(parsing: value.serialized())
        #expect(again == value)
        #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
        #expect(value.serialized() == #"{"z":1.50,"a":{"y":[],"x":{}},"m":"\u003c\u0026\u003e","k":null}"#)
    }

    @Test func objectOrderMattersForEquality() {
        let first: JSONValue = ["a": 1, "b": 2]
        let second: JSONValue = ["b": 2, "a": 1]
        #expect(first != second)
    }
}
