import GrantModel
import HTTPApp
import HTTPServer

extension PagesController {
    /// `/projects/{pid}/progress?scan=TOKEN`: how far the signed-in user's
    /// whole-project scan with that token has got, for the script of the page
    /// waiting for the answer. `{"state": "running"|"done"|"unknown", "checked", "total"}`.
    func progress(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let query = try URLEncodedForm(query: request)
        let token = query["scan"] ?? ""
        let entry = ScanProgressBoard.isValidToken(token)
            ? services.scans.entry(token: token, owner: context.user?.name ?? "")
            : nil
        let body: JSONValue = [
            "state": .string(entry.map { $0.done ? "done" : "running" } ?? "unknown"),
            "checked": .integer(entry?.checked ?? 0),
            "total": .integer(entry?.total ?? 0),
        ]
        var response = HTTPResponse(status: .ok, contentType: "application/json; charset=utf-8", text: body.serialized())
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
