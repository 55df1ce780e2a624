import GrantModel

extension UpstreamError {
    /// The HTTP status of an error answer; nil for transport and payload failures.
    public var status: Int? { failure?.status }

    /// The failure details of an error answer; nil for transport and payload failures.
    public var failure: UpstreamFailure? {
        switch self {
        case .validation(let failure), .permissionDenied(let failure), .notFound(let failure),
             .conflict(let failure), .server(let failure), .other(let failure):
            failure
        default:
            nil
        }
    }

    /// The request the error belongs to.
    public var request: UpstreamRequestDescription {
        switch self {
        case .validation(let failure), .permissionDenied(let failure), .notFound(let failure),
             .conflict(let failure), .server(let failure), .other(let failure):
            failure.request
        case .unreachable(let request), .timeout(let request), .connectionLost(let request),
             .invalidPayload(let request, _), .tooLarge(let request, _), .redirectRefused(let request),
             .invalidURL(let request), .cancelled(let request):
            request
        }
    }

    /// One sentence for a person: what failed and, for error answers, what the
    /// upstream said. Contains no header, token or internal error text.
    public var summary: String {
        switch self {
        case .validation(let failure):
            "The accounts API rejected the request (400): \(failure.message)"
        case .permissionDenied(let failure):
            "The accounts API token may not do this (403): \(failure.message)"
        case .notFound(let failure):
            "The accounts API has no such item (404): \(failure.message)"
        case .conflict(let failure):
            "The accounts API reports a conflict (409): \(failure.message)"
        case .server(let failure):
            "The accounts API failed (\(failure.status)): \(failure.message)"
        case .other(let failure):
            "The accounts API answered \(failure.status): \(failure.message)"
        case .unreachable:
            "The accounts API could not be reached."
        case .timeout:
            "The accounts API did not answer in time."
        case .connectionLost:
            "The connection to the accounts API failed (TLS, e.g. an untrusted certificate) or broke before the answer was complete."
        case .invalidPayload(_, let problem):
            "The accounts API sent invalid data (\(problem))."
        case .tooLarge(_, let limit):
            "The accounts API's answer was larger than \(limit / 1024) KiB and was not read."
        case .redirectRefused:
            "The accounts API redirected to another address; the redirect was not followed."
        case .invalidURL:
            "The accounts API address is not a valid http(s) URL."
        case .cancelled:
            "The request to the accounts API was cancelled."
        }
    }
}

extension UpstreamFailure {
    /// Extracts a readable message from an error body: a JSON `detail`,
    /// `message` or `error`, else the body's start. Anything that looks like
    /// a credential is masked, control characters dropped, length capped.
    static func message(fromBody body: [UInt8]) -> String {
        var text = String(decoding: body.prefix(4096), as: UTF8.self)
        if let json = try? JSONValue(parsing: Array(body.prefix(65_536))), case .object(let object) = json {
            for key in ["detail", "message", "error"] {
                switch object[key] {
                case .string(let value)?: text = value
                case let value? where value != .null: text = value.serialized()
                default: continue
                }
                break
            }
        }
        return sanitize(text)
    }

    /// A `Retry-After` value fit to pass on: delay-seconds, or an HTTP date
    /// (letters, digits, spaces, commas and colons only); anything else is
    /// dropped, so nothing the upstream sends can shape our own headers.
    static func retryAfter(fromHeader value: String) -> String? {
        let trimmed = value.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 40 else { return nil }
        if trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return trimmed.utf8.count <= 9 ? trimmed : nil }
        let dateLike = trimmed.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x20 || byte == 0x2C || byte == 0x3A
        }
        return dateLike && trimmed.contains("GMT") ? trimmed : nil
    }

    static func sanitize(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let looksSecret = word.hasPrefix("ma-") || word.hasPrefix("eyJ") || (word.count >= 32 && !word.contains("/"))
            return looksSecret ? "[redacted]" : String(word)
        }
        var cleaned = String(String.UnicodeScalarView(words.joined(separator: " ").unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format ? " " : scalar
        }))
        cleaned = cleaned.trimmingSpaces()
        if cleaned.count > 200 { cleaned = String(cleaned.prefix(200)) + "…" }
        return cleaned.isEmpty ? "no details given" : cleaned
    }
}



extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
