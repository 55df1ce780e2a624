public import HTTPServer
import HTTPApp
import Foundation
import URLText

/// The fields of an `application/x-www-form-urlencoded` request body (or of a
/// query string). Repeated names keep every value in order.
public struct FormData: Sendable {
    public private(set) var fields: [(name: String, value: String)] = []

    /// Parses `text`; pairs that do not decode as UTF-8 are dropped.
    public init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(parts[0]).formDecoded(),
                  let value = (parts.count > 1 ? String(parts[1]) : "").formDecoded()
            else { continue }
            fields.append((name, value))
        }
    }

    /// The body of `request` when it is a URL-encoded form, else empty.
    public init(body request: HTTPRequest) {
        let type = request.headers["Content-Type"]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        self.init(urlEncoded: type == "application/x-www-form-urlencoded"
                  ? String(decoding: request.body, as: UTF8.self) : "")
    }

    /// The query of `request`.
    public init(query request: HTTPRequest) {
        self.init(urlEncoded: request.query)
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }
}
