/// One access-check vector (`{"id", "scope", "check", "args"}`, `expect`
/// ignored) turned into the output line `grantdesk scope check` prints.
public enum ScopeVector {
    /// `{"id": <id>, "result": true|false}` or `{"id": <id>, "error": "<message>"}`
    /// for one line of a vectors file. The scope is read leniently, as upstream data.
    public static func resultLine(for line: [UInt8]) -> String {
        let vector: JSONValue
        do {
            vector = try JSONValue(parsing: line)
        } catch {
            return errorLine(id: .null, "not valid JSON: \(error.description)")
        }
        let id = vector["id"] ?? .null
        guard vector.objectValue != nil else { return errorLine(id: id, "a vector must be a JSON object") }
        guard let checkName = vector["check"]?.stringValue else { return errorLine(id: id, "the vector has no check name") }
        guard let scopeJSON = vector["scope"] else { return errorLine(id: id, "the vector has no scope") }
        let scope: ApiScope
        do {
            scope = try ApiScope(json: scopeJSON, mode: .lenient)
        } catch {
            return errorLine(id: id, "invalid scope: " + error.errors.map(\.description).joined(separator: "; "))
        }
        do {
            let decision = try scope.evaluate(checkName: checkName, arguments: vector["args"] ?? [:])
            return "{\"id\": \(id.serialized()), \"result\": \(decision.allowed)}"
        } catch {
            return errorLine(id: id, error.description)
        }
    }

    /// The result lines for a whole JSON-lines file; blank lines are skipped
    /// and a trailing CR is ignored.
    public static func resultLines(forFile bytes: [UInt8]) -> [String] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap { line in
            var text = Array(line)
            if text.last == UInt8(ascii: "\r") { text.removeLast() }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
            return resultLine(for: text)
        }
    }

    private static func errorLine(id: JSONValue, _ message: String) -> String {
        "{\"id\": \(id.serialized()), \"error\": \(JSONValue.string(message).serialized())}"
    }
}
