import AccountsAPI
import HTTPApp
import HTTPServer

/// The one mapping from a failed accounts-API call to what the console
/// answers: status, one message for a person, and headers. Every page, form,
/// export and `UpstreamErrorMiddleware` go through it, so an upstream answer
/// means the same thing wherever it happens.
///
/// | upstream answer | console |
/// |---|---|
/// | 400, 422 | 422: the form again, with the upstream's words |
/// | 401, 403 | 403: GrantDesk's upstream token may not do this |
/// | 404 | 404 |
/// | 409 | 409 |
/// | 429 | 429, with the upstream's `Retry-After` |
/// | 5xx, other statuses, broken or unreadable answers, unusable address | 502 |
/// | unreachable, cancelled | 503 |
/// | timeout | 504 |
///
/// The message never carries internal error text, the upstream's path or
/// anything from its headers; the upstream's own message (already cleaned by
/// `UpstreamFailure`) is quoted only where it helps the person: refused
/// input and conflicts.
struct UpstreamProblem: Error, HTTPResponseError, Sendable {
    /// What the console was doing when the call failed.
    enum Call: Sendable, Hashable {
        /// Loading something for a page; names it: "the room's grants".
        case page(String)
        /// A read a save makes before changing anything ("checking the grant"):
        /// whatever went wrong, nothing was saved.
        case beforeWrite(String)
        /// The call that changes something ("creating the room"): a timeout
        /// or a broken answer leaves open whether it was applied.
        case write(String)
    }

    /// What the failure means for the person, independent of wording.
    enum Kind: Sendable, Hashable {
        case inputRefused, notAllowed, notFound, conflict, rateLimited, failed, unreachable, timedOut
    }

    let upstream: UpstreamError
    let call: Call
    let kind: Kind
    let status: HTTPStatus
    let message: String
    let headers: HTTPHeaders

    /// The sentence every 401/403 page carries.
    static let notAllowedSentence = "GrantDesk's upstream token may not do this."

    init(_ upstream: UpstreamError, _ call: Call) {
        self.upstream = upstream
        self.call = call
        kind = Self.kind(of: upstream)
        var headers = HTTPHeaders()
        if kind == .rateLimited, let retryAfter = upstream.failure?.retryAfter { headers.set("Retry-After", retryAfter) }
        self.headers = headers
        status = switch kind {
        case .inputRefused: .unprocessableContent
        case .notAllowed: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .rateLimited: .tooManyRequests
        case .failed: .badGateway
        case .unreachable: .serviceUnavailable
        case .timedOut: .gatewayTimeout
        }
        message = Self.message(upstream, call: call, kind: kind)
    }

    static func kind(of error: UpstreamError) -> Kind {
        switch error {
        case .validation: .inputRefused
        case .permissionDenied: .notAllowed
        case .notFound: .notFound
        case .conflict: .conflict
        case .other(let failure) where failure.status == 401: .notAllowed
        case .other(let failure) where failure.status == 422: .inputRefused
        case .other(let failure) where failure.status == 429: .rateLimited
        case .server, .other, .connectionLost, .invalidPayload, .tooLarge, .redirectRefused, .invalidURL: .failed
        case .unreachable, .cancelled: .unreachable
        case .timeout: .timedOut
        }
    }

    /// Whether the call itself may have changed something although it failed:
    /// a write whose answer never arrived complete, or arrived 2xx but unreadable.
    var outcomeUnknown: Bool { Self.outcomeUnknown(upstream, call: call) }

    private static func outcomeUnknown(_ error: UpstreamError, call: Call) -> Bool {
        guard case .write = call else { return false }
        switch error {
        case .timeout, .connectionLost, .invalidPayload, .tooLarge, .cancelled: return true
        default: return false
        }
    }

    private static func message(_ error: UpstreamError, call: Call, kind: Kind) -> String {
        let (doing, isPage): (String, Bool) = switch call {
        case .page(let what): ("loading \(what)", true)
        case .beforeWrite(let doing), .write(let doing): (doing, false)
        }
        let outcome = outcomeUnknown(error, call: call)
            ? "GrantDesk cannot tell whether the change was saved: reload the page to check before trying again."
            : isPage ? "Nothing was changed." : "Nothing was saved."
        let quoted = error.failure.map { " MeshAgent said: “\($0.message)”." } ?? ""
        switch kind {
        case .inputRefused:
            let next = isPage ? "" : " Your input is kept below: correct it and try again."
            return "MeshAgent's accounts API refused the request while \(doing).\(quoted) \(outcome)\(next)"
        case .notAllowed:
            return "\(notAllowedSentence) MeshAgent refused it while \(doing). \(outcome) Whoever manages GrantDesk's MeshAgent token can give it this permission."
        case .notFound:
            if case .page(let what) = call {
                return "\(what.prefix(1).uppercased() + what.dropFirst()) was not found in the accounts API. It may have been deleted or renamed. \(outcome)"
            }
            return "MeshAgent's accounts API answered not found (HTTP 404) while \(doing): what it refers to may have been deleted or renamed meanwhile. \(outcome)"
        case .conflict:
            return "MeshAgent's accounts API reports a conflict while \(doing).\(quoted) \(outcome)"
        case .rateLimited:
            let when = error.failure?.retryAfter.flatMap { Int($0) }.map { "in \($0) s" } ?? "in a moment"
            return "MeshAgent's accounts API is limiting requests (HTTP 429) while \(doing). \(outcome) Try again \(when)."
        case .failed:
            return "\(failedSentence(error)) while \(doing). \(outcome)"
        case .unreachable:
            return "MeshAgent's accounts API could not be reached while \(doing). \(outcome) Try again in a moment."
        case .timedOut:
            return "MeshAgent's accounts API did not answer in time while \(doing). \(outcome)"
        }
    }

    private static func failedSentence(_ error: UpstreamError) -> String {
        switch error {
        case .server(let failure): "MeshAgent's accounts API failed (HTTP \(failure.status))"
        case .other(let failure): "MeshAgent's accounts API answered with an unexpected HTTP \(failure.status)"
        case .connectionLost: "The connection to MeshAgent's accounts API broke before its answer was complete"
        case .invalidPayload, .tooLarge: "MeshAgent's accounts API sent an answer GrantDesk could not read"
        case .redirectRefused: "MeshAgent's accounts API redirected to another address (not followed)"
        case .invalidURL: "GrantDesk's upstream address is not a usable http(s) URL"
        default: "MeshAgent's accounts API could not be used"
        }
    }

    /// `response` with this problem's headers (`Retry-After`), for handlers
    /// that show the failure inside their own form instead of throwing.
    func decorate(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        for (name, value) in headers { response.headers.set(name, value) }
        return response
    }

    /// The form drawn by `render` with this problem's headers; when drawing it
    /// needs the upstream and that fails too, this problem's own page instead,
    /// because what happened to the change matters more than the form.
    func shown(in render: () async throws -> HTTPResponse) async throws -> HTTPResponse {
        do {
            return decorate(try await render())
        } catch is UpstreamProblem {
            throw self
        }
    }

    /// The same failure as part of a request meant to save: a page's read
    /// failing under a POST says that nothing was saved.
    var asPartOfWrite: UpstreamProblem {
        guard case .page(let what) = call else { return self }
        return UpstreamProblem(upstream, .beforeWrite("loading \(what)"))
    }
}

extension AccountsClient {
    /// Runs one read for a page, turning its failure into the page's error.
    func load<T>(_ what: String, _ operation: (AccountsClient) async throws(UpstreamError) -> T)
        async throws(UpstreamProblem) -> T {
        do {
            return try await operation(self)
        } catch {
            throw UpstreamProblem(error, .page(what))
        }
    }
}
