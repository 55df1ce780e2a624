/// What `serve` learned from asking the upstream once at start-up. The
/// console keeps running whatever the answer (the upstream may come back, the
/// token may be replaced), but the operator is told plainly at once instead of
/// meeting the problem on the first page.
public enum UpstreamStartUpCheck: Sendable, Hashable {
    /// The token listed the projects it can see.
    case reachable(projects: Int)
    /// 401 or 403: the upstream does not accept the token.
    case tokenRefused(status: Int)
    /// No answer: refused, unknown host, timed out, or the connection broke.
    case unreachable(String)
    /// Some other answer (5xx, nonsense).
    case failed(String)

    /// The line for the operator, naming the upstream (never the token).
    public func message(baseURL: String) -> String {
        switch self {
        case .reachable(let projects):
            "The upstream \(baseURL) accepted the token (\(projects) project\(projects == 1 ? "" : "s") visible)."
        case .tokenRefused(let status):
            "Warning: the upstream token was refused by \(baseURL) (HTTP \(status)). Pages will fail until it is replaced; the console keeps running."
        case .unreachable(let detail):
            "Warning: the upstream \(baseURL) is unreachable: \(detail) The console keeps running and will try again on each page."
        case .failed(let detail):
            "Warning: the upstream \(baseURL) did not answer as expected: \(detail) The console keeps running."
        }
    }

    public var isReachable: Bool {
        if case .reachable = self { return true }
        return false
    }
}

extension AccountsClient {
    /// `GET /accounts/projects` once, the call every console page starts from.
    public func startUpCheck() async -> UpstreamStartUpCheck {
        do throws(UpstreamError) {
            return .reachable(projects: try await projects().count)
        } catch {
            if let status = error.status, status == 401 || status == 403 { return .tokenRefused(status: status) }
            switch error {
            case .unreachable, .timeout, .connectionLost: return .unreachable(error.summary)
            default: return .failed(error.summary)
            }
        }
    }
}
