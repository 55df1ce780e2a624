public import HTTPClient

/// Where the accounts API is and how to talk to it.
public struct UpstreamConfiguration: Sendable, Hashable {
    /// The base URL without a trailing `/`, e.g. `https://api.meshagent.com`.
    public var baseURL: String
    /// The bearer token sent with every request. Never logged or shown.
    public var token: String
    /// Deadlines (connect ~3 s, whole call ~10 s), size cap and retry policy.
    public var http: HTTPClientConfiguration

    /// The default upstream when nothing else is configured.
    public static let defaultBaseURL = "https://api.meshagent.com"

    public init(baseURL: String, token: String, http: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.http = http
    }
}

extension UpstreamConfiguration: CustomStringConvertible {
    /// The base URL only; the token is never printed.
    public var description: String { "UpstreamConfiguration(\(baseURL))" }
}
