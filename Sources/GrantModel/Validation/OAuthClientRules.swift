/// What an OAuth client's settings must look like, checked the same way by
/// the console's form and the embedded API (which answers 400 naming the field).
public enum OAuthClientRules {
    /// Why `uri` cannot be a redirect URI, or nil when it can: an absolute
    /// `https` URL with a host, or `http` only for a loopback host
    /// (`localhost`, `127.x.x.x`, `[::1]`, RFC 8252 §7.3); no fragment
    /// (RFC 6749 §3.1.2), no spaces or control characters.
    public static func redirectURIProblem(_ uri: String) -> String? {
        if uri.isEmpty { return "is empty" }
        if uri.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            return "contains spaces or control characters"
        }
        if uri.contains("#") { return "must not contain a fragment (#…)" }
        let lower = uri.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" } else if lower.hasPrefix("http://") { scheme = "http" } else {
            return "must be an absolute https:// URL (http:// only for localhost)"
        }
        let rest = lower.dropFirst(scheme.count + 3)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if authority.contains("@") { return "must not carry a user name or password" }
        let host = hostPart(of: authority)
        if host.isEmpty { return "has no host" }
        if scheme == "http" && !isLoopback(host) {
            return "uses http:// for a host that is not loopback (use https://, or http:// only for localhost, 127.0.0.1 or [::1])"
        }
        return nil
    }

    /// Why `value` cannot be a grant or response type, or nil: RFC 6749's
    /// characters for these names (printable ASCII, no space, quote or backslash).
    public static func typeNameProblem(_ value: String) -> String? {
        if value.isEmpty { return "is empty" }
        let allowed = value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }
        return allowed ? nil : "may only contain printable ASCII without spaces, quotes or backslashes"
    }

    /// Why `scope` cannot be an OAuth scope string, or nil: space-separated
    /// values of RFC 6749 §3.3's characters (an empty scope is allowed).
    public static func scopeProblem(_ scope: String) -> String? {
        let allowed = scope.unicodeScalars.allSatisfy { $0 == " " || ($0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\") }
        return allowed ? nil : "may only contain space-separated printable ASCII values without quotes or backslashes"
    }

    /// The first problem of a whole client setting, as `(field, message)`;
    /// nil values are not checked (an update that leaves them unchanged).
    public static func firstProblem(grantTypes: [String]?, responseTypes: [String]?, redirectURIs: [String]?,
                                    scope: String?) -> (field: String, message: String)? {
        for (index, value) in (grantTypes ?? []).enumerated() {
            if let problem = typeNameProblem(value) { return ("grant_types[\(index)]", problem) }
        }
        for (index, value) in (responseTypes ?? []).enumerated() {
            if let problem = typeNameProblem(value) { return ("response_types[\(index)]", problem) }
        }
        for (index, value) in (redirectURIs ?? []).enumerated() {
            if let problem = redirectURIProblem(value) { return ("redirect_uris[\(index)]", problem) }
        }
        if let scope, let problem = scopeProblem(scope) { return ("scope", problem) }
        return nil
    }

    private static func hostPart(of authority: Substring) -> Substring {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return "" }
            return authority[...close]
        }
        return authority.prefix { $0 != ":" }
    }

    private static func isLoopback(_ host: Substring) -> Bool {
        if host == "localhost" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            guard let number = Int(part), part.count <= 3 else { return false }
            return (0...255).contains(number)
        }
    }
}
