extension RequestParser {
    /// `method SP request-target SP HTTP-version CRLF`, with single spaces.
    mutating func parseRequestLine() -> ParserEvent {
        let range: Range<Int>
        switch nextLine() {
        case .bareLF:
            return fail(.badRequest)
        case .incomplete(let pending):
            if pending > limits.maxRequestLineBytes { return fail(.uriTooLong) }
            return .needMore
        case .line(let line):
            range = line
        }
        if range.count > limits.maxRequestLineBytes { return fail(.uriTooLong) }
        let line = buffer[range]
        guard let firstSpace = line.firstIndex(of: HTTPSyntax.space),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: HTTPSyntax.space)
        else { return fail(.badRequest) }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]

        guard !methodBytes.isEmpty, methodBytes.allSatisfy(HTTPSyntax.isTokenChar) else { return fail(.badRequest) }
        let version: HTTPVersion
        switch Self.version(versionBytes) {
        case .known(let known): version = known
        case .unsupported: return fail(.httpVersionNotSupported)
        case .invalid: return fail(.badRequest)
        }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy(HTTPSyntax.isTargetByte) else { return fail(.badRequest) }
        guard let method = HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self)) else {
            return fail(.notImplemented)
        }
        let target = String(decoding: targetBytes, as: UTF8.self)
        let isAsterisk = target == "*" && method == .options
        guard target.utf8.first == UInt8(ascii: "/") || isAsterisk else { return fail(.badRequest) }

        let partial = PartialHead(method: method, target: target, version: version)
        state = .headerFields(partial)
        return parseHeaderFields(partial)
    }

    private enum VersionResult {
        case known(HTTPVersion)
        case unsupported
        case invalid
    }

    /// `HTTP/1.0` and `HTTP/1.1` are served; any other well-formed
    /// `HTTP/d.d` is 505; anything else is not HTTP at all (400).
    private static func version(_ bytes: ArraySlice<UInt8>) -> VersionResult {
        let start = bytes.startIndex
        guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8),
            HTTPSyntax.isDigit(bytes[start + 5]), bytes[start + 6] == UInt8(ascii: "."), HTTPSyntax.isDigit(bytes[start + 7])
        else { return .invalid }
        switch (bytes[start + 5], bytes[start + 7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .known(.http11)
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .known(.http10)
        default: return .unsupported
        }
    }

    /// Field lines until the empty line, then the framing checks.
    mutating func parseHeaderFields(_ initial: PartialHead) -> ParserEvent {
        var partial = initial
        while true {
            switch nextLine() {
            case .bareLF:
                return fail(.badRequest)
            case .incomplete(let pending):
                if partial.headerBytes + pending > limits.maxHeaderBytes || isOverlongField(pending: pending) {
                    return fail(.headerFieldsTooLarge)
                }
                state = .headerFields(partial)
                return .needMore
            case .line(let range):
                partial.headerBytes += range.count + 2
                if partial.headerBytes > limits.maxHeaderBytes || range.count > limits.maxHeaderFieldBytes {
                    return fail(.headerFieldsTooLarge)
                }
                if range.isEmpty { return completeHead(partial) }
                guard let field = Self.field(buffer[range]) else { return fail(.badRequest) }
                if partial.headers.count >= limits.maxHeaderCount { return fail(.headerFieldsTooLarge) }
                partial.headers.add(field.name, field.value)
            }
        }
    }

    /// Whether a field line still without its LF is already longer than
    /// one field may be (the pending bytes may end in the line's CR).
    func isOverlongField(pending: Int) -> Bool {
        pending > limits.maxHeaderFieldBytes + 1
    }

    /// `field-name ":" OWS field-value OWS`; nil for anything malformed
    /// (obs-fold, empty name, whitespace before the colon, control bytes).
    static func field(_ line: ArraySlice<UInt8>) -> (name: String, value: String)? {
        guard let colon = line.firstIndex(of: HTTPSyntax.colon) else { return nil }
        let name = line[..<colon]
        guard !name.isEmpty, name.allSatisfy(HTTPSyntax.isTokenChar) else { return nil }
        let value = HTTPSyntax.trimmingOWS(line[(colon + 1)...])
        guard value.withUnsafeBytes(HTTPSyntax.isFieldValue) else { return nil }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// Host, body framing, keep-alive and expectations, in the order that
    /// makes a malformed request a 400 before a large one is a 413.
    private mutating func completeHead(_ partial: PartialHead) -> ParserEvent {
        let headers = partial.headers
        let hosts = headers.values("Host")
        switch partial.version {
        case .http11:
            guard hosts.count == 1, HTTPSyntax.isValidHost(hosts[0]) else { return fail(.badRequest) }
        case .http10:
            guard hosts.count <= 1, hosts.allSatisfy(HTTPSyntax.isValidHost) else { return fail(.badRequest) }
        }

        let framing: BodyFraming
        switch Self.framing(headers, version: partial.version) {
        case .failure(let error): return fail(error.status)
        case .success(let value): framing = value
        }
        let connection = headers.values("Connection").flatMap(HTTPSyntax.listElements)
        let keepAlive: Bool
        switch partial.version {
        case .http11: keepAlive = !connection.contains("close")
        case .http10: keepAlive = connection.contains("keep-alive") && !connection.contains("close")
        }

        var expectsContinue = false
        var expectationFailed = false
        let expectations = headers.values("Expect")
        if partial.version == .http11 && !expectations.isEmpty {
            expectationFailed = expectations.count != 1 || !expectations[0].caseInsensitiveEquals("100-continue")
            expectsContinue = !expectationFailed
        }

        let head = RequestHead(
            method: partial.method, target: partial.target, version: partial.version, headers: headers,
            framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue
        )
        // The application's limit for this request, never above the server's.
        bodyLimit = min(limits.maxBodyBytes, max(bodyLimitPolicy?(head) ?? limits.maxBodyBytes, 0))
        if case .length(let length) = framing, length > bodyLimit { return fail(.contentTooLarge) }
        if expectationFailed { return fail(.expectationFailed) }

        switch framing {
        case .none: state = .body(remaining: 0)
        case .length(let length): state = .body(remaining: length)
        case .chunked: state = .chunkSize
        }
        return .head(head)
    }

    private static func framing(_ headers: HTTPHeaders, version: HTTPVersion) -> Result<BodyFraming, FramingError> {
        let transferEncodings = headers.values("Transfer-Encoding")
        let contentLengths = headers.values("Content-Length")
        if !transferEncodings.isEmpty {
            guard version == .http11, contentLengths.isEmpty else { return .failure(FramingError(.badRequest)) }
            let codings = transferEncodings.flatMap(HTTPSyntax.listElements)
            guard codings == ["chunked"] else { return .failure(FramingError(.badRequest)) }
            return .success(.chunked)
        }
        guard let text = contentLengths.first else { return .success(.none) }
        // 18 digits always fit in an Int; longer is refused rather than overflowed.
        guard contentLengths.count == 1, (1...18).contains(text.utf8.count), text.utf8.allSatisfy(HTTPSyntax.isDigit),
            let length = Int(text)
        else { return .failure(FramingError(.badRequest)) }
        return .success(length == 0 ? .none : .length(length))
    }

    struct FramingError: Error {
        let status: HTTPStatus
        init(_ status: HTTPStatus) { self.status = status }
    }
}
