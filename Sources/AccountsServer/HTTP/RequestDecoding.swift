import GrantModel
import HTTPApp
import HTTPServer
import URLText

/// How the embedded API reads its list parameters from the query: the first
/// value of each name, as MeshAgent's own server does.
extension URLEncodedForm {
    /// An integer parameter within `range`, or `defaultValue` when absent or empty.
    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(HTTPError) -> Int {
        guard let text = self[name], !text.isEmpty else { return defaultValue }
        guard let number = Int(text), range.contains(number) else {
            let upper = range.upperBound == Int.max ? "" : "–\(range.upperBound)"
            throw HTTPError(.badRequest, message: "\(name) must be an integer \(range.lowerBound)\(upper).")
        }
        return number
    }

    /// `limit` (or `count`), `offset`, `order_by` and `filter`.
    func page(limitName: String = "limit", defaultLimit: Int) throws(HTTPError) -> PageRequest {
        let limit = try integer(limitName, default: defaultLimit, in: 1...PageRequest.maxLimit)
        let offset = try integer("offset", default: 0, in: 0...Int(Int32.max))
        var order = ListOrder.roomName
        if let text = self["order_by"], !text.isEmpty {
            guard let parsed = ListOrder(rawValue: text) else {
                throw HTTPError(.badRequest, message: "order_by must be room_name or user_id.")
            }
            order = parsed
        }
        return PageRequest(limit: limit, offset: offset, order: order, filter: self["filter"] ?? "")
    }
}

extension HTTPRequest {
    /// The body decoded as `Payload`; 400 with the offending field otherwise.
    func decode<Payload: AccountsPayload>(_ type: Payload.Type) throws -> Payload {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            throw HTTPError(.badRequest, message: "The request body is not valid JSON.")
        }
        return try Payload(json: json)
    }

    /// The query; 400 when it is not valid percent-encoded UTF-8.
    func queryParameters() throws(HTTPError) -> URLEncodedForm {
        do {
            return try URLEncodedForm(query: self)
        } catch {
            throw HTTPError(error.status, message: "The query string is not valid percent-encoded UTF-8.")
        }
    }
}

/// Rejects a permissions value MeshAgent could not read (wrong types,
/// missing required fields) with a 400 naming the JSON path; unknown keys,
/// aliases and explicit nulls pass, as upstream.
func requireReadableScope(_ scope: JSONValue, at field: String) throws(HTTPError) {
    guard let problem = ApiScope.validate(scope, mode: .lenient).first else { return }
    let location = problem.path.description
    let path = location.isEmpty ? field : "\(field).\(location)"
    throw HTTPError(.badRequest, message: "Invalid request body: \(path) — \(problem.message)")
}
