import AccountsAPI
import HTTPApp
import HTTPServer

/// An upstream failure as the console shows it: which status the page gets
/// and one sentence saying what failed. Writes are never retried here.
struct EditorFailure: Error, HTTPResponseError {
    let upstream: UpstreamError

    init(_ upstream: UpstreamError) { self.upstream = upstream }

    var status: HTTPStatus {
        switch upstream {
        case .unreachable: .serviceUnavailable
        case .timeout: .gatewayTimeout
        default: .badGateway
        }
    }

    var message: String { "\(upstream.summary) Nothing was saved." }
    var headers: HTTPHeaders { HTTPHeaders() }

    /// What the editor says when a write failed; a write that timed out or
    /// lost its connection may still have reached MeshAgent, so it says so.
    var writeMessage: String {
        switch upstream {
        case .timeout, .connectionLost:
            "\(upstream.summary) GrantDesk did not get a confirmation, so the change is not recorded as saved; reload the grant to see whether MeshAgent applied it before trying again."
        default:
            "\(upstream.summary)"
        }
    }
}
