extension JSONValue {
    /// Parses UTF-8 bytes as one strict RFC 8259 JSON document.
    ///
    /// Refuses trailing content, invalid UTF-8, unpaired surrogate escapes,
    /// duplicate object keys and nesting deeper than 512.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.parseDocument()
    }

    /// Parses a string as one strict RFC 8259 JSON document.
    public init(parsing text: String) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8))
    }
}
