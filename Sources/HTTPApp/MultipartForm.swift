public import HTTPServer

/// A `multipart/form-data` body (RFC 7578), what a browser posts for a form
/// with a file input. Parsed strictly: CRLF framing, the boundary from the
/// Content-Type, every part named by `Content-Disposition: form-data`.
public struct MultipartForm: Sendable {
    /// One field or file of the form.
    public struct Part: Sendable, Hashable {
        public var name: String
        /// The file's name as the browser sent it (files only).
        public var filename: String?
        /// The part's declared type (files only, usually).
        public var contentType: String?
        public var bytes: [UInt8]
    }

    /// Why a body is not a readable multipart form.
    public struct Invalid: Error, Sendable, Hashable {
        public let reason: String
    }

    public private(set) var parts: [Part] = []

    /// Parses `request`'s body; nil when it is not `multipart/form-data`.
    public init?(request: HTTPRequest) throws(Invalid) {
        guard let type = request.headers["Content-Type"], MediaType.essence(of: type) == "multipart/form-data" else { return nil }
        guard let boundary = Self.parameter("boundary", in: type), !boundary.isEmpty, boundary.utf8.count <= 70 else {
            throw Invalid(reason: "no boundary")
        }
        try self.init(body: request.body, boundary: boundary)
    }

    /// Parses `body` split by `boundary`.
    public init(body: [UInt8], boundary: String) throws(Invalid) {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { throw Invalid(reason: "the body does not start with the boundary") }
        var index = delimiter.count
        while true {
            // After a delimiter: `--` ends the form, CRLF starts a part.
            if body[index...].starts(with: [0x2D, 0x2D]) { return }
            guard body[index...].starts(with: [0x0D, 0x0A]) else { throw Invalid(reason: "bad delimiter line") }
            index += 2
            guard let headEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: index) else {
                throw Invalid(reason: "a part's headers do not end")
            }
            let head = String(decoding: body[index..<headEnd], as: UTF8.self)
            index = headEnd + 4
            guard let end = Self.find(separator, in: body, from: index) else { throw Invalid(reason: "a part does not end") }
            parts.append(try Self.part(head: head, bytes: Array(body[index..<end])))
            index = end + separator.count
            guard index + 2 <= body.count else { throw Invalid(reason: "the body ends inside a delimiter") }
        }
    }

    /// The first part named `name`.
    public subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// The first text field named `name`, as UTF-8.
    public func text(_ name: String) -> String? {
        self[name].flatMap { $0.filename == nil ? String(validating: $0.bytes, as: UTF8.self) : nil }
    }

    private static func part(head: String, bytes: [UInt8]) throws(Invalid) -> Part {
        var disposition: String?
        var contentType: String?
        for line in head.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else { throw Invalid(reason: "a part header has no colon") }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingPrefix(" ")
            if name == "content-disposition" { disposition = String(value) }
            if name == "content-type" { contentType = String(value) }
        }
        guard let disposition, MediaType.essence(of: disposition) == "form-data",
              let name = parameter("name", in: disposition) else { throw Invalid(reason: "a part is not a named form-data field") }
        return Part(name: name, filename: parameter("filename", in: disposition), contentType: contentType, bytes: bytes)
    }

    /// A `name=value` or `name="value"` parameter of a header value.
    static func parameter(_ wanted: String, in value: String) -> String? {
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let name = rest[..<equals].lowercased()
            var after = rest[rest.index(after: equals)...]
            var result = ""
            if after.first == "\"" {
                after = after.dropFirst()
                // Browsers write `"` in a name as %22 and never escape with `\\`
                // (HTML's form-data encoding), so a quote always ends the value.
                guard let close = after.firstIndex(of: "\"") else { return nil }
                result = String(after[..<close])
                after = after[after.index(after: close)...]
            } else {
                result = String(after.prefix { $0 != ";" })
                after = after.drop { $0 != ";" }
            }
            if name == wanted { return result }
            rest = after
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        let first = needle[0]
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
