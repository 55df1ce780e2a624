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

    /// The response's bytes, head and (unless suppressed) body.
    func serialize(_ response: HTTPResponse, context: Context, date: String) -> [UInt8] {
        let status = response.status
        let isHead = context.method == .head
        var out: [UInt8] = []
        out.reserveCapacity(256 + response.headers.count * 48 + (isHead ? 0 : response.body.count))
        out.append(contentsOf: "HTTP/1.1 \(status.code) \(Self.sanitizedReason(status.reason))\r\n".utf8)
        for (name, value) in response.headers where Self.isPassThrough(name: name, value: value) {
            append(&out, name, value)
        }
        append(&out, "Date", date)
        if status.allowsBody {
            let declared = response.headers["Content-Length"].flatMap { Int($0) }
            // A HEAD responder may declare the length of the body it did not build.
            let length = response.bodyStream?.length
                ?? (isHead && response.body.isEmpty ? (declared ?? 0) : response.body.count)
            append(&out, "Content-Length", String(length))
        }
        if isSecure && !response.headers.contains("Strict-Transport-Security") {
            append(&out, "Strict-Transport-Security", Self.strictTransportSecurity)
        }
        if !context.keepAlive {
            append(&out, "Connection", "close")
        } else if context.version == .http10 {
            append(&out, "Connection", "keep-alive")
        }
        out.append(contentsOf: [HTTPSyntax.cr, HTTPSyntax.lf])
        if status.allowsBody && !isHead {
            out.append(contentsOf: response.body)
        }
        return out
    }

    /// `HTTP/1.1 100 Continue`, sent before reading an expected body.
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private func append(_ out: inout [UInt8], _ name: String, _ value: String) {
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: [HTTPSyntax.colon, HTTPSyntax.space])
        out.append(contentsOf: value.utf8)
        out.append(contentsOf: [HTTPSyntax.cr, HTTPSyntax.lf])
    }

    /// Framing fields are the serializer's alone, and a field that could
    /// split the head (CR, LF, NUL, bad name) is dropped rather than sent.
    private static func isPassThrough(name: String, value: String) -> Bool {
        // Only names as long as an owned one need comparing (every header of every response passes here).
        let length = name.utf8.count
        let mayBeOwned = length < 64 && ownedFieldLengths & (1 << UInt64(length)) != 0
        guard !mayBeOwned || !ownedFields.contains(where: { name.caseInsensitiveEquals($0) }) else { return false }
        return !name.isEmpty && withBytes(of: name, { $0.allSatisfy(HTTPSyntax.isTokenChar) }) && isFieldValue(value)
    }

    /// Built once: a literal inside `isPassThrough` allocated an array per header.
    private static let ownedFields = ["Content-Length", "Transfer-Encoding", "Connection", "Date", "Keep-Alive"]
    /// Bit n is set when an owned field's name has n bytes.
    private static let ownedFieldLengths = ownedFields.reduce(UInt64(0)) { $0 | 1 << UInt64($1.utf8.count) }

    /// Runs `body` over a string's UTF-8 bytes where they lie (a native
    /// string's are contiguous), which the generic `UTF8View` iteration
    /// cannot do cheaply; every header passes through here.
    private static func withBytes(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var text = text
        return text.withUTF8(body)
    }

    private static func isFieldValue(_ text: String) -> Bool {
        withBytes(of: text) { HTTPSyntax.isFieldValue(UnsafeRawBufferPointer($0)) }
    }

    private static func sanitizedReason(_ reason: String) -> String {
        isFieldValue(reason) ? reason : ""
    }
}
