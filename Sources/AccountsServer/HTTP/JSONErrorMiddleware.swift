import GrantModel
public import HTTPApp
public import HTTPServer

/// Renders every failure as `{"detail": message}` with the right status, the
/// shape MeshAgent's API uses. Store and payload errors carry safe messages;
/// anything else is a 500 whose details go only to the log.
public struct JSONErrorMiddleware<Context: RequestContext>: Middleware {
    public init() {}

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var response = JSONResponse.error(error.status, error.message)
            for field in error.headers { response.headers.set(field.name, field.value) }
            return response
        } catch let error as AccountsStoreError {
            switch error {
            case .notFound(let message): return JSONResponse.error(.notFound, message)
            case .conflict(let message): return JSONResponse.error(.conflict, message)
            case .forbidden(let message): return JSONResponse.error(.forbidden, message)
            case .invalid(let message): return JSONResponse.error(.badRequest, message)
            }
        } catch let error as PayloadError {
            return JSONResponse.error(.badRequest, "Invalid request body: \(error)")
        } catch {
            context.logger.error("accounts request failed", metadata: ["error": "\(error)"])
            return JSONResponse.error(.internalServerError, "Internal error.")
        }
    }
}

/// JSON response helpers.
enum JSONResponse {
    static func ok(_ json: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        text(json.serialized(), status: status)
    }

    /// A body that is already JSON text.
    static func text(_ json: String, status: HTTPStatus = .ok) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        headers.set("Cache-Control", "no-store")
        return HTTPResponse(status: status, headers: headers, body: Array(json.utf8))
    }

    static func error(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        ok(.object(["detail": .string(message)]), status: status)
    }

    /// `{}`, the answer of grant and room writes.
    static var empty: HTTPResponse { ok(.object(JSONObject())) }

    /// `{ok: true}`, the answer of member writes.
    static var okTrue: HTTPResponse { ok(.object(["ok": .bool(true)])) }
}
