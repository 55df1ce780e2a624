import HTTPApp
import HTTPServer
import Logging

/// Turns every error thrown below it into a response: the error page through
/// the layout for pages, JSON for `/api/…`. Messages of `HTTPResponseError`s
/// are shown; anything else becomes a 500 whose details only reach the log.
///
/// The stack holds two of these: one outside the auth middleware (so even a
/// failing session lookup renders a page) and one inside it, whose pages show
/// the signed-in user's header.
struct ConsoleErrorMiddleware: Middleware {
    let renderer: Renderer

    func handle(_ request: HTTPRequest, context: ConsoleContext,
                next: Responder<ConsoleContext>) async throws -> HTTPResponse {
        do {
            return try await next(request, context)
        } catch {
            return response(for: error, request: request, context: context)
        }
    }

    func response(for error: any Error, request: HTTPRequest, context: ConsoleContext) -> HTTPResponse {
        let status: HTTPStatus
        let message: String
        var headers = HTTPHeaders()
        if let error = error as? any HTTPResponseError {
            status = error.status
            message = error.message
            headers = error.headers
        } else {
            status = .internalServerError
            message = ErrorPage.defaultMessage(for: 500)
        }
        if status.code >= 500 {
            context.logger.error("request failed", metadata: [
                "status": "\(status.code)", "error": "\(error)", "path": "\(request.path)",
            ])
        } else {
            context.logger.info("request refused", metadata: ["status": "\(status.code)", "path": "\(request.path)"])
        }
        var response: HTTPResponse
        if request.path.hasPrefix("/api/") {
            response = HTTPResponse(status: status, contentType: "application/json; charset=utf-8",
                                    text: Self.json(status: status, message: message, requestID: context.requestID))
        } else {
            let signIn = context.user == nil && (status.code == 401 || status.code == 403)
                ? SiteURL.login(next: nil).path : nil
            let page = ErrorPage(status: status.code, title: ErrorPage.title(for: status.code), message: message,
                                 signInURL: signIn)
            response = renderer.page("error", page, chrome: context.chrome(title: page.title), status: status)
        }
        for (name, value) in headers { response.headers.set(name, value) }
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    static func json(status: HTTPStatus, message: String, requestID: String) -> String {
        "{\"error\":{\"status\":\(status.code),\"message\":\(jsonString(message)),\"requestId\":\(jsonString(requestID))}}\n"
    }

    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
