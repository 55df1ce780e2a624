public import HTTPServer

/// `303 See Other` responses, the answer to every successful form post
/// (so reloading the next page never re-submits the form).
public enum Redirect {
    /// A 303 to a console page.
    public static func to(_ url: SiteURL) -> HTTPResponse {
        to(path: url.path)
    }

    /// A 303 to a same-site path the caller has already validated.
    public static func to(path: String) -> HTTPResponse {
        var response = HTTPResponse(status: .seeOther)
        response.headers.set("Location", path)
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
