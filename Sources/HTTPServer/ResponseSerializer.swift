/// Turns a response into HTTP/1.1 bytes, owning all framing decisions:
/// `Content-Length` from the body (never `Transfer-Encoding`), no body for
/// HEAD, 1xx, 204 and 304, `Date`, `Connection`, and HSTS over TLS.
struct ResponseSerializer: Sendable {
    /// The HSTS value sent on every response over TLS.
    static let strictTransportSecurity = "max-age=63072000; includeSubDomains"

    /// Whether the connection is TLS (adds HSTS).
    var isSecure: Bool

    /// What the serializer needs to know about the request being answered.
    struct Context {
        /// The request's method, or nil for a response to an unparsable request.
        var method: HTTPMethod?
        /// HTTP/1.0 keep-alive must be confirmed explicitly.
        var version: HTTPVersion
        /// Whether the connection stays open afterwards.
        var keepAlive: Bool
    }

    /// The response's bytes, head and (unless suppressed) body, written
    /// into one array of the size they need.
    func serialize(_ response: HTTPResponse, context: Context, date: String) -> [UInt8] {
        let status = response.status
        let isHead = context.method == .head
        let sendsBody = status.allowsBody && !isHead
        var capacity = Self.ownFieldsCapacity + status.reason.utf8.count + date.utf8.count
        for (name, value) in response.headers { capacity += name.utf8.count + value.utf8.count + 4 }
        if sendsBody { capacity += response.body.count }
        return Array(unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var out = ByteWriter(buffer)
            out.write("HTTP/1.1 ")
            out.write(String(status.code))
            out.write(HTTPSyntax.space)
            status.reason.withUTF8Bytes { reason in
                if HTTPSyntax.isFieldValue(UnsafeRawBufferPointer(reason)) { out.write(reason) }
            }
            out.writeLineEnd()
            for (name, value) in response.headers where !Self.ownedFields.contains(name) {
                Self.writeWhenValid(&out, name, value)
            }
            Self.writeWhenValid(&out, "Date", date)
            if status.allowsBody {
                let declared = response.headers["Content-Length"].flatMap { Int($0) }
                // A HEAD responder may declare the length of the body it did not build.
                let length = response.bodyStream?.length
                    ?? (isHead && response.body.isEmpty ? (declared ?? 0) : response.body.count)
                Self.writeWhenValid(&out, "Content-Length", String(length))
            }
            if isSecure && !response.headers.contains("Strict-Transport-Security") {
                Self.writeWhenValid(&out, "Strict-Transport-Security", Self.strictTransportSecurity)
            }
            if !context.keepAlive {
                Self.writeWhenValid(&out, "Connection", "close")
            } else if context.version == .http10 {
                Self.writeWhenValid(&out, "Connection", "keep-alive")
            }
            out.writeLineEnd()
            if sendsBody { response.body.withUnsafeBufferPointer { out.write($0) } }
            initialized = out.count
        }
    }

    /// `HTTP/1.1 100 Continue`, sent before reading an expected body.
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Room for what the serializer adds besides the response's own fields,
    /// the reason phrase and the date: the status line's other bytes (a
    /// code of up to 20 digits), the `Date`, `Content-Length`, HSTS and
    /// `Connection` fields, and the blank line: 133 bytes at most.
    private static let ownFieldsCapacity = 160 + strictTransportSecurity.utf8.count

    /// Framing fields are the serializer's alone. Built once: a literal
    /// inside the loop allocated an array per header.
    private static let ownedFields = HTTPFieldNameSet(["Content-Length", "Transfer-Encoding", "Connection", "Date", "Keep-Alive"])

    /// `name: value` and CRLF, unless the field could split the head (CR,
    /// LF, NUL, a name that is not a token): such a field is dropped rather
    /// than sent. Checked and copied where the strings' bytes lie: every
    /// field of every response passes here.
    private static func writeWhenValid(_ out: inout ByteWriter, _ name: String, _ value: String) {
        name.withUTF8Bytes { name in
            value.withUTF8Bytes { value in
                guard isToken(name), HTTPSyntax.isFieldValue(UnsafeRawBufferPointer(value)) else { return }
                out.write(name)
                out.write(HTTPSyntax.colon)
                out.write(HTTPSyntax.space)
                out.write(value)
                out.writeLineEnd()
            }
        }
    }

    private static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        for byte in bytes where !HTTPSyntax.isTokenChar(byte) { return false }
        return true
    }
}
