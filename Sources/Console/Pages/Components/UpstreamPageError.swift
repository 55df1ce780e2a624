import AccountsAPI
import HTTPApp
import HTTPServer

/// An upstream failure as a read page reports it: 404 when the thing asked
/// for does not exist, 504 when the accounts API was too slow, 503 when it
/// could not be reached, 502 for everything else it got wrong. The message
/// says what failed in plain words (`UpstreamError.summary` carries no token
/// or internal text) and that nothing was changed.
struct UpstreamPageError: Error, HTTPResponseError {
    var status: HTTPStatus
    var message: String
    var headers = HTTPHeaders()

    /// - Parameter what: what the page was loading, e.g. "the room's grants".
    init(_ error: UpstreamError, loading what: String) {
        switch error {
        case .notFound:
            status = .notFound
            message = "\(what.prefix(1).uppercased() + what.dropFirst()) was not found in the accounts API. It may have been deleted or renamed."
            return
        case .timeout:
            status = .gatewayTimeout
        case .unreachable, .invalidURL:
            status = .serviceUnavailable
        default:
            status = .badGateway
        }
        message = "Could not load \(what). \(error.summary) Nothing was changed."
    }
}

extension AccountsClient {
    /// Runs one read for a page, turning its failure into the page's error.
    func load<T>(_ what: String, _ operation: (AccountsClient) async throws(UpstreamError) -> T)
        async throws(UpstreamPageError) -> T {
        do {
            return try await operation(self)
        } catch {
            throw UpstreamPageError(error, loading: what)
        }
    }
}
