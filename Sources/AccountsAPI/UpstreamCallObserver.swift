/// Hears of every call the accounts client makes, for metrics: which
/// operation (method and path template, such as
/// `GET /accounts/projects/{}/room-grants/by-user/{}`), how it ended, and how
/// long it took. Called on the caller's task; keep it quick.
public protocol UpstreamCallObserver: Sendable {
    func upstreamCall(operation: String, outcome: UpstreamCallOutcome, duration: Duration)
}

/// How an upstream call ended, in few enough kinds to be a metrics label.
public enum UpstreamCallOutcome: String, Sendable, CaseIterable {
    case success
    /// The upstream answered 4xx.
    case clientError = "client_error"
    /// The upstream answered 5xx.
    case serverError = "server_error"
    case timeout
    /// No connection, or it broke mid-answer.
    case unreachable
    /// A 2xx answer we could not use (shape, size, redirect).
    case invalidAnswer = "invalid_answer"
    case cancelled

    public init(_ error: UpstreamError) {
        switch error {
        case .validation, .permissionDenied, .notFound, .conflict: self = .clientError
        case .server: self = .serverError
        case .other(let failure): self = failure.status >= 500 ? .serverError : .clientError
        case .timeout: self = .timeout
        case .unreachable, .connectionLost: self = .unreachable
        case .invalidPayload, .tooLarge, .redirectRefused, .invalidURL: self = .invalidAnswer
        case .cancelled: self = .cancelled
        }
    }
}
