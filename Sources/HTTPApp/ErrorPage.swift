public import HTTPServer

/// What an error page shows: everything in it is safe for the client.
public struct ErrorPage: Sendable, Equatable {
    /// The response status.
    public var status: HTTPStatus
    /// A short heading, the status's reason phrase by default.
    public var title: String
    /// A user-facing explanation; never internal error text.
    public var message: String
    /// The request id, so a user can quote it to an operator who finds the log line.
    public var requestID: String

    public init(status: HTTPStatus, title: String? = nil, message: String, requestID: String) {
        self.status = status
        self.title = title ?? status.reason
        self.message = message
        self.requestID = requestID
    }
}

extension ErrorPage {
    /// `text/plain` rendering, for apps without templates.
    public func plainTextResponse() -> HTTPResponse {
        HTTPResponse(
            status: status,
            contentType: "text/plain; charset=utf-8",
            text: "\(status.code) \(title)\n\n\(message)\n\nRequest id: \(requestID)\n"
        )
    }

    /// `{"error": {"status": 404, "message": "…", "request_id": "…"}}`, for `/api/` clients.
    public func jsonResponse() -> HTTPResponse {
        let json = "{\"error\":{\"status\":\(status.code),\"message\":\(Self.jsonString(message)),"
            + "\"request_id\":\(Self.jsonString(requestID))}}"
        return HTTPResponse(status: status, contentType: "application/json; charset=utf-8", text: json)
    }

    /// Whether `path` belongs to the JSON API (`/api` or anything under `/api/`).
    public static func isAPIPath(_ path: String) -> Bool {
        path == "/api" || path.hasPrefix("/api/")
    }

    /// A JSON string literal, escaping quotes, backslashes, control
    /// characters and the line separators JavaScript treats as newlines.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
