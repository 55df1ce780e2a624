import AccountsAPI
import Foundation
import HTTPServer
import Logging
import Synchronization

/// A stand-in accounts API on a real loopback socket that counts every
/// request it gets and answers each with `status`.
final class CountingUpstream: HTTPResponder, @unchecked Sendable {
    private let requests = Mutex<[String]>([])
    private let status: HTTPStatus
    private let delay: Duration
    private var server: Server?
    private(set) var port = 0

    init(status: HTTPStatus = .internalServerError, delay: Duration = .zero) throws {
        self.status = status
        self.delay = delay
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: self,
                            logger: .silent)
        port = try server.start()
        self.server = server
    }

    var count: Int { requests.withLock { $0.count } }
    var seen: [String] { requests.withLock { $0 } }

    var configuration: UpstreamConfiguration {
        UpstreamConfiguration(baseURL: "http://127.0.0.1:\(port)", token: "test-token")
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        requests.withLock { $0.append("\(request.method.rawValue) \(request.target)") }
        if delay > .zero { try? await Task.sleep(for: delay) }
        return HTTPResponse(status: status, contentType: "application/json", text: "{\"detail\":\"counting upstream\"}")
    }

    func stop() async {
        await server?.shutdown(gracePeriod: .seconds(1))
    }
}
