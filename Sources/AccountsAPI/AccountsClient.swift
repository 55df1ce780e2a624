import GrantModel
import HTTPClient

/// A typed client for MeshAgent's accounts REST API (see accounts-api.md).
///
/// Every call sends `Authorization: Bearer <token>`, runs under the
/// configured deadlines and size cap, and either returns the decoded answer
/// or throws an `UpstreamError`. Reads are retried (at most twice) only when
/// no connection could be made; writes are never repeated.
///
/// Operations are grouped by area in `AccountsClient+Projects.swift`,
/// `+Grants.swift`, `+Rooms.swift` and `+Members.swift`.
public struct AccountsClient: Sendable {
    /// The settings this client was made with.
    public let configuration: UpstreamConfiguration
    let http: HTTPClient
    private let observer: (any UpstreamCallObserver)?

    /// - Parameter observer: told of every call's operation, outcome and duration (metrics).
    public init(configuration: UpstreamConfiguration, observer: (any UpstreamCallObserver)? = nil) {
        self.configuration = configuration
        self.http = HTTPClient(configuration: configuration.http)
        self.observer = observer
    }

    /// Sends one request and decodes a 2xx answer as `Payload`.
    func send<Payload: AccountsPayload>(
        _ method: String, _ path: AccountsPath, body: JSONValue? = nil, as: Payload.Type
    ) async throws(UpstreamError) -> Payload {
        let (request, json) = try await exchange(method, path, body: body)
        guard let json else { throw .invalidPayload(request, problem: PayloadError(path: "", problem: "empty body")) }
        do {
            return try Payload(json: json)
        } catch {
            throw .invalidPayload(request, problem: error)
        }
    }

    /// Sends one request whose 2xx answer carries nothing we need (`{}`,
    /// `{ok: true}` or an empty body); the body must still be JSON if present.
    func send(_ method: String, _ path: AccountsPath, body: JSONValue? = nil) async throws(UpstreamError) {
        _ = try await exchange(method, path, body: body)
    }

    private func exchange(
        _ method: String, _ path: AccountsPath, body: JSONValue?
    ) async throws(UpstreamError) -> (UpstreamRequestDescription, JSONValue?) {
        let description = UpstreamRequestDescription(method: method, path: path.pathAndQuery)
        let response = try await raw(method, path, contentType: "application/json", accept: "application/json",
                                     body: body.map { Array($0.serialized().utf8) })
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return (description, nil)
        }
        do {
            return (description, try JSONValue(parsing: response.body))
        } catch {
            throw .invalidPayload(description, problem: PayloadError(path: "", problem: "not valid JSON"))
        }
    }
}

extension AccountsClient {
    /// One request with the bearer token; a 2xx response is returned whole,
    /// anything else thrown as the `UpstreamError` its status maps to.
    func raw(_ method: String, _ path: AccountsPath, contentType: String?, accept: String, body: [UInt8]?,
             timeout: Duration? = nil, maxResponseBytes: Int? = nil) async throws(UpstreamError) -> HTTPClientResponse {
        try await observed(method, path) { () async throws(UpstreamError) in
            try await rawOnce(method, path, contentType: contentType, accept: accept, body: body, timeout: timeout,
                              maxResponseBytes: maxResponseBytes)
        }
    }

    /// Runs one call, telling the observer (if any) its operation, outcome and duration.
    func observed<Result>(_ method: String, _ path: AccountsPath,
                          _ call: () async throws(UpstreamError) -> Result) async throws(UpstreamError) -> Result {
        guard let observer else { return try await call() }
        let start = ContinuousClock.now
        let operation = method + " " + path.template
        do {
            let result = try await call()
            observer.upstreamCall(operation: operation, outcome: .success, duration: ContinuousClock.now - start)
            return result
        } catch {
            observer.upstreamCall(operation: operation, outcome: UpstreamCallOutcome(error),
                                  duration: ContinuousClock.now - start)
            throw error
        }
    }

    private func rawOnce(_ method: String, _ path: AccountsPath, contentType: String?, accept: String, body: [UInt8]?,
                         timeout: Duration?, maxResponseBytes: Int?) async throws(UpstreamError) -> HTTPClientResponse {
        let description = UpstreamRequestDescription(method: method, path: path.pathAndQuery)
        var headers = [HTTPClientHeader("Authorization", "Bearer \(configuration.token)")]
        if let contentType { headers.append(HTTPClientHeader("Content-Type", contentType)) }
        headers.append(HTTPClientHeader("Accept", accept))
        let request = HTTPClientRequest(method: method, url: configuration.baseURL + path.pathAndQuery, headers: headers, body: body)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout, maxResponseBytes: maxResponseBytes)
        } catch {
            throw UpstreamError(error, request: description)
        }
        guard (200..<300).contains(response.status) else {
            throw UpstreamError(status: response.status, request: description, body: response.body,
                                retryAfter: response.header("Retry-After"))
        }
        return response
    }
}

extension UpstreamError {
    /// Maps a non-2xx status as accounts-api.md says.
    init(status: Int, request: UpstreamRequestDescription, body: [UInt8], retryAfter: String? = nil) {
        let failure = UpstreamFailure(status: status, request: request, message: UpstreamFailure.message(fromBody: body),
                                      retryAfter: retryAfter.flatMap(UpstreamFailure.retryAfter(fromHeader:)))
        switch status {
        case 400: self = .validation(failure)
        case 403: self = .permissionDenied(failure)
        case 404: self = .notFound(failure)
        case 409: self = .conflict(failure)
        case 500...: self = .server(failure)
        default: self = .other(failure)
        }
    }

    init(_ error: HTTPClientError, request: UpstreamRequestDescription) {
        switch error {
        case .invalidURL: self = .invalidURL(request)
        case .unreachable: self = .unreachable(request)
        case .timeout: self = .timeout(request)
        case .connectionLost: self = .connectionLost(request)
        case .tooLarge(let limit): self = .tooLarge(request, limit: limit)
        case .redirectRefused: self = .redirectRefused(request)
        case .cancelled: self = .cancelled(request)
        }
    }
}
