import HTTPApp
import HTTPServer

/// Renders error pages the console's way: through the layout for pages, as
/// JSON under `/api/`. HTTPApp's `ErrorMiddleware` decides status and safe
/// message; this only draws them.
struct ErrorPages: Sendable {
    let renderer: Renderer

    /// The renderer for `ErrorMiddleware(render:)`.
    func render(_ page: ErrorPage, _ request: HTTPRequest, _ context: ConsoleContext) -> HTTPResponse {
        if ErrorPage.isAPIPath(request.path) { return page.jsonResponse() }
        let code = page.status.code
        let signIn = context.user == nil && (code == 401 || code == 403) ? SiteURL.login(next: nil).path : nil
        let view = ErrorView(status: code, title: ErrorView.title(for: code), message: page.message, signInURL: signIn)
        return renderer.page("error", view, chrome: context.chrome(title: view.title), status: page.status)
    }

    /// The page for errors the server answers itself, before any request
    /// exists (malformed request, headers too large, body too large…).
    func serverError(_ status: HTTPStatus) -> HTTPResponse {
        let view = ErrorView(status: status.code, title: ErrorView.title(for: status.code),
                             message: ErrorView.defaultMessage(for: status.code))
        let chrome = Chrome(title: view.title, user: nil, csrf: "", requestID: "-")
        var response = renderer.page("error", view, chrome: chrome, status: status)
        response.headers.set("Content-Security-Policy", SecurityHeadersMiddleware<ConsoleContext>.defaultContentSecurityPolicy)
        response.headers.set("X-Content-Type-Options", "nosniff")
        return response
    }
}
