import Testing
@testable import HTTPServer

/// The serializer writes into an array sized beforehand; these compare its
/// bytes with a head built the plain way, string by string, over responses
/// chosen to stress the size bound and the field rules: many and long
/// fields, fields it must drop, codes of every width, HEAD, HTTP/1.0, TLS.
@Suite struct ResponseSerializerTests {
    private static let date = "Thu, 03 Dec 2026 12:00:00 GMT"
    private static let owned = ["content-length", "transfer-encoding", "connection", "date", "keep-alive"]

    /// What the serializer must write, built without its shortcuts.
    private func expected(_ response: HTTPResponse, _ context: ResponseSerializer.Context, secure: Bool) -> [UInt8] {
        func valid(_ text: String) -> Bool { text.utf8.allSatisfy(HTTPSyntax.isFieldValueByte) }
        func token(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy(HTTPSyntax.isTokenChar) }
        let isHead = context.method == .head
        var head = "HTTP/1.1 \(response.status.code) \(valid(response.status.reason) ? response.status.reason : "")\r\n"
        for (name, value) in response.headers where !Self.owned.contains(name.lowercased()) && token(name) && valid(value) {
            head += "\(name): \(value)\r\n"
        }
        head += "Date: \(Self.date)\r\n"
        if response.status.allowsBody {
            let declared = response.headers["Content-Length"].flatMap { Int($0) }
            head += "Content-Length: \(isHead && response.body.isEmpty ? (declared ?? 0) : response.body.count)\r\n"
        }
        if secure && !response.headers.contains("Strict-Transport-Security") {
            head += "Strict-Transport-Security: \(ResponseSerializer.strictTransportSecurity)\r\n"
        }
        if !context.keepAlive {
            head += "Connection: close\r\n"
        } else if context.version == .http10 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + (response.status.allowsBody && !isHead ? response.body : [])
    }

    @Test func bytesMatchAHeadBuiltFieldByField() {
        var generator = SystemRandomNumberGenerator()
        let names = ["X-A", "Content-Type", "content-length", "Transfer-Encoding", "DATE", "Connection", "Keep-Alive",
                     "Strict-Transport-Security", "Bad Name", "", "X-\u{e9}", String(repeating: "N", count: 300)]
        let values = ["v", "", "a\tb", "caf\u{e9}", "a\r\nSet-Cookie: x=1", "nul\u{0}", "7",
                      String(repeating: "long value ", count: 200)]
        let codes = [100, 200, 204, 206, 304, 404, 599, 1_000, Int.max, Int.min]
        let reasons: [String?] = [nil, "", "Fine", "Bad\r\nX: y", String(repeating: "R", count: 500)]
        let methods: [HTTPMethod?] = [.get, .head, .post, nil]
        for _ in 0..<2_000 {
            let status = HTTPStatus(codes.randomElement(using: &generator)!, reason: reasons.randomElement(using: &generator)!)
            var headers = HTTPHeaders()
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                headers.add(names.randomElement(using: &generator)!, values.randomElement(using: &generator)!)
            }
            let body = [UInt8](repeating: UInt8(ascii: "b"), count: [0, 1, 5_000].randomElement(using: &generator)!)
            let response = HTTPResponse(status: status, headers: headers, body: body)
            let context = ResponseSerializer.Context(method: methods.randomElement(using: &generator)!,
                                                     version: Bool.random(using: &generator) ? .http10 : .http11,
                                                     keepAlive: Bool.random(using: &generator))
            let secure = Bool.random(using: &generator)
            let written = ResponseSerializer(isSecure: secure).serialize(response, context: context, date: Self.date)
            #expect(written == expected(response, context, secure: secure),
                    "\(status.code) \(headers.fields.map(\.name)) \(context)")
        }
    }
}
