/// An outbound request. `url` is absolute (`https://host[:port]/path?query`)
/// with path segments already percent-encoded by the caller.
public struct HTTPClientRequest: Sendable, Hashable {
    /// `GET`, `POST`, `PUT`, `DELETE`, ...
    public var method: String
    public var url: String
    /// Header fields in order; the client adds none beyond what URLSession requires.
    public var headers: [HTTPClientHeader]
    /// The request body, or nil for none.
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [HTTPClientHeader] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Whether a failed attempt may be repeated: only reads are safe to send twice.
    public var isIdempotentRead: Bool { method == "GET" || method == "HEAD" }
}

/// One header field.
public struct HTTPClientHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A complete response whose body fitted under the size cap.
public struct HTTPClientResponse: Sendable, Hashable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields as the transport reports them.
    public var headers: [HTTPClientHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPClientHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, compared without regard to ASCII case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
