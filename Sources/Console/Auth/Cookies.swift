import HTTPServer

/// The console's cookies and the parsing of the `Cookie` header.
enum Cookies {
    /// The session cookie. `__Host-` binds it to this exact origin: Secure,
    /// Path=/, and no Domain, so a sibling subdomain cannot plant one.
    static let session = "__Host-grantdesk"
    /// The pre-session cookie carrying the sign-in form's CSRF secret.
    static let login = "__Host-grantdesk-login"

    /// The value of cookie `name` in the request, if present exactly once
    /// (duplicates are refused, a sign of cookie tossing).
    static func value(_ name: String, in headers: HTTPHeaders) -> String? {
        var found: [String] = []
        for header in headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<equals] == name {
                    found.append(String(trimmed[trimmed.index(after: equals)...]))
                }
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// A `Set-Cookie` value for `name`; `maxAge` nil makes a browser-session
    /// cookie, 0 deletes it.
    static func setCookie(_ name: String, value: String, maxAge: Int? = nil) -> String {
        var text = "\(name)=\(value); Path=/; Secure; HttpOnly; SameSite=Lax"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        return text
    }

    /// A `Set-Cookie` value that removes `name`.
    static func delete(_ name: String) -> String {
        setCookie(name, value: "", maxAge: 0)
    }
}
