import AccountsServer
import Foundation
import GrantModel
import HTTPApp
import HTTPServer
import Logging
@testable import GrantDeskTesting

/// The embedded accounts API as a responder, without sockets.
struct ResponderHarness {
    let directory: TemporaryDirectory
    let store: AccountsStore
    let app: Application<BasicRequestContext>
    static let token = "test-token-123"

    init(seedDemo: Bool = true) async throws {
        directory = try TemporaryDirectory()
        store = try AccountsStore(dataDirectory: directory.path)
        if seedDemo { try await store.seedDemo() }
        app = AccountsRoutes.application(store: store, tokens: [Self.token], logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Sends a request and returns the status with the parsed JSON body.
    func call(_ method: HTTPMethod, _ target: String, body: String? = nil, token: String? = token) async throws -> (Int, JSONValue) {
        var headers: HTTPHeaders = ["Host": "localhost"]
        if let token { headers.add("Authorization", "Bearer \(token)") }
        let request = HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
        let response = await app.respond(to: request)
        let json = response.body.isEmpty ? JSONValue.null : try JSONValue(parsing: response.body)
        return (response.status.code, json)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var testString: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var testInt: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    var testArray: [JSONValue] {
        if case .array(let elements) = self { return elements }
        return []
    }
}
