extension RequestParser {
    /// `1*16HEXDIG *( ";" chunk-ext ) CRLF`. Extensions are skipped but must
    /// be well-formed (token names, token or quoted-string values).
    mutating func parseChunkSize() -> ParserEvent {
        let range: Range<Int>
        switch nextLine() {
        case .bareLF:
            return fail(.badRequest)
        case .incomplete(let pending):
            if pending > Self.maxChunkLineBytes { return fail(.badRequest) }
            return .needMore
        case .line(let line):
            range = line
        }
        let line = buffer[range]
        let digits = line.prefix(while: HTTPSyntax.isHexDigit)
        guard (1...16).contains(digits.count) else { return fail(.badRequest) }
        guard HTTPSyntax.isValidChunkExtensions(line[digits.endIndex...]) else { return fail(.badRequest) }
        var size: UInt64 = 0
        for digit in digits { size = size << 4 | HTTPSyntax.hexValue(digit)! }
        if size == 0 {
            state = .trailers(count: 0, bytes: 0)
            return parseTrailers(count: 0, bytes: 0)
        }
        guard size <= UInt64(bodyLimit - chunkedBodyBytes) else { return fail(.contentTooLarge) }
        chunkedBodyBytes += Int(size)
        state = .chunkData(remaining: Int(size))
        return next()
    }

    /// The CRLF that must follow every chunk's data; anything else means the
    /// chunk carried more data than its size announced.
    mutating func parseChunkDataEnd() -> ParserEvent {
        let available = buffer.count - readIndex
        if available >= 1 && buffer[readIndex] != HTTPSyntax.cr { return fail(.badRequest) }
        guard available >= 2 else { return .needMore }
        guard buffer[readIndex + 1] == HTTPSyntax.lf else { return fail(.badRequest) }
        readIndex += 2
        scanIndex = readIndex
        state = .chunkSize
        return next()
    }

    /// Trailer fields after the last chunk: validated like header fields,
    /// counted against the same limits, then dropped, so a trailer never
    /// changes the request. One naming a framing, routing or control field
    /// (see ``HTTPSyntax/isForbiddenTrailer(_:)``) is refused with 400: a
    /// proxy in front that merges trailers into the head would frame or
    /// route by it, so such a request is an attack, not a mistake.
    mutating func parseTrailers(count initialCount: Int, bytes initialBytes: Int) -> ParserEvent {
        var count = initialCount
        var bytes = initialBytes
        while true {
            switch nextLine() {
            case .bareLF:
                return fail(.badRequest)
            case .incomplete(let pending):
                if bytes + pending > limits.maxHeaderBytes || isOverlongField(pending: pending) {
                    return fail(.headerFieldsTooLarge)
                }
                state = .trailers(count: count, bytes: bytes)
                return .needMore
            case .line(let range):
                bytes += range.count + 2
                if bytes > limits.maxHeaderBytes || range.count > limits.maxHeaderFieldBytes {
                    return fail(.headerFieldsTooLarge)
                }
                if range.isEmpty {
                    finishMessage()
                    return .end
                }
                guard let field = Self.field(buffer[range]), !HTTPSyntax.isForbiddenTrailer(field.name) else {
                    return fail(.badRequest)
                }
                count += 1
                if count > limits.maxHeaderCount { return fail(.headerFieldsTooLarge) }
            }
        }
    }
}
