import URLText

extension RawClient {
    /// Signs in to a console served over plain HTTP on `port` as a browser
    /// would: GET /login for the form's token and cookie, then POST it from
    /// the same origin. Returns the POST's response (a 303 with the session
    /// cookie when the credentials are right).
    public static func signIn(port: Int, _ username: String, _ password: String) async throws -> ParsedResponse {
        let host = "Host: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        let page = try await exchange(port: port, "GET /login HTTP/1.1\r\n\(host)\r\n")
        guard let cookie = page.headerValues("Set-Cookie").first(where: { $0.hasPrefix("__Host-grantdesk-login=") }),
              let token = page.csrfToken
        else { throw TestFailure("no login form") }
        let form = "csrf=\(token)&username=\(username.percentEncodedComponent())&password=\(password.percentEncodedComponent())"
        return try await exchange(port: port, """
            POST /login HTTP/1.1\r\n\(host)Origin: http://127.0.0.1:\(port)\r\n\
            Cookie: \(cookie.split(separator: ";")[0])\r\nContent-Type: application/x-www-form-urlencoded\r\n\
            Content-Length: \(form.utf8.count)\r\n\r\n\(form)
            """)
    }
}
