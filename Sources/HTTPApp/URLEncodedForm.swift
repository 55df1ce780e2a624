public import HTTPServer

/// The fields of an `application/x-www-form-urlencoded` body or of a URL
/// query string: the one parser for both, so forms and links read the same.
///
/// Fields keep their order and repeated names keep every value, so a form
/// that fails validation can be drawn again from exactly what was posted.
/// `+` is a space and `%2B` a plus; a pair without `=` is a name with an
/// empty value; empty pairs (`a&&b`) are skipped. A malformed escape or bytes
/// that are not UTF-8 make the whole form invalid: nothing is guessed at, so
/// a hostile request cannot smuggle a half-decoded value past a check.
public struct URLEncodedForm: Sendable, Equatable {
    /// The fields in the order they were sent.
    public private(set) var fields: [(name: String, value: String)] = []

    /// An empty form.
    public init() {}

    /// Parses urlencoded text.
    public init(parsing text: String) throws(Invalid) {
        var position = 0
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            position += 1
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(parts[0]).formDecoded(),
                  let value = (parts.count > 1 ? String(parts[1]) : "").formDecoded()
            else { throw Invalid(position: position) }
            fields.append((name, value))
        }
    }

    /// Parses urlencoded bytes, e.g. a request body; bytes that are not
    /// UTF-8 outside any escape are as invalid as a bad escape inside one.
    public init(parsing bytes: [UInt8]) throws(Invalid) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            // Name the first pair holding a bad byte, as for a bad escape.
            let bad = bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true)
                .firstIndex { String(validating: $0, as: UTF8.self) == nil } ?? 0
            throw Invalid(position: bad + 1)
        }
        try self.init(parsing: text)
    }

    /// The body of `request` when its `Content-Type` is
    /// `application/x-www-form-urlencoded`, else an empty form.
    public init(body request: HTTPRequest) throws(Invalid) {
        guard let type = request.headers["Content-Type"],
              MediaType.essence(of: type) == "application/x-www-form-urlencoded" else {
            self.init()
            return
        }
        try self.init(parsing: request.body)
    }

    /// The query string of `request`.
    public init(query request: HTTPRequest) throws(Invalid) {
        try self.init(parsing: request.query)
    }

    /// The first value sent under `name`.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value sent under `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Whether a field of this name was sent (even with an empty value).
    public func has(_ name: String) -> Bool { fields.contains { $0.name == name } }

    /// Appends a field.
    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces every value of `name` with one value (or removes it for nil).
    public mutating func set(_ name: String, _ value: String?) {
        fields.removeAll { $0.name == name }
        if let value { fields.append((name, value)) }
    }

    /// The fields without the ones named, e.g. to carry a form on as hidden fields.
    public func removing(_ names: Set<String>) -> URLEncodedForm {
        var copy = self
        copy.fields.removeAll { names.contains($0.name) }
        return copy
    }

    /// The urlencoded text of these fields; parsing it gives them back.
    public var encoded: String {
        fields.map { "\($0.name.percentEncodedComponent())=\($0.value.percentEncodedComponent())" }
            .joined(separator: "&")
    }

    public static func == (lhs: URLEncodedForm, rhs: URLEncodedForm) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}

extension URLEncodedForm {
    /// A form or query that is not valid percent-encoded UTF-8: a 400 that
    /// says which field, by position (its text may be unprintable).
    public struct Invalid: Error, Sendable, Equatable, HTTPResponseError {
        /// The 1-based position of the first bad `name=value` pair.
        public var position: Int

        public init(position: Int) { self.position = position }

        public var status: HTTPStatus { .badRequest }
        public var message: String {
            "Field \(position) of the form or query string is not valid: it has a malformed %-escape or is not UTF-8."
        }
        public var headers: HTTPHeaders { HTTPHeaders() }
    }
}
