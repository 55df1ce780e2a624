import AccountsAPI
import HTTPApp
import HTTPServer

/// One audited upstream change of the admin pages: the audit record is begun
/// before the call and completed after it with the outcome; an upstream
/// failure is returned (nothing was changed), never retried.
struct AdminChange {
    let services: ConsoleServices
    let context: ConsoleContext

    /// Runs `call` between `begin` and `complete`; nil when it succeeded.
    /// - Parameter doing: what the change is, for the failure message ("creating the room").
    func run(action: String, target: AuditTarget, doing: String, before: String?, after: String?,
             _ call: () async throws(UpstreamError) -> Void) async throws -> UpstreamProblem? {
        try await run(action: action, target: target, doing: doing, before: before, after: after,
                      recording: { _ in after }, call).problem
    }

    /// Runs `call` like `run(action:…)` and returns what it produced; the
    /// audit record's `after` is `recording(value)` on success (e.g. a created
    /// client with its new id, its secret left out), `after` on failure.
    func run<Value>(action: String, target: AuditTarget, doing: String, before: String?, after: String?,
                    recording: (Value) -> String?,
                    _ call: () async throws(UpstreamError) -> Value) async throws -> (value: Value?, problem: UpstreamProblem?) {
        let id = try await services.audit.begin(context: context, action: action, target: target, before: before)
        let value: Value
        do {
            value = try await call()
        } catch {
            try await services.audit.complete(id, outcome: .failed(error.summary), after: after)
            return (nil, UpstreamErrorMiddleware.logged(UpstreamProblem(error, .write(doing)), context))
        }
        try await services.audit.complete(id, outcome: .succeeded, after: recording(value))
        return (value, nil)
    }

    /// Leaves `message` for the next page and sends the browser there.
    func done(_ message: String, to url: SiteURL) async throws -> HTTPResponse {
        if let session = context.session { try await services.sessions.setFlash(.success(message), for: session) }
        return Redirect.to(url)
    }

    /// Claims the form's one-time token; a form already used once is sent
    /// where the first submission went, with a note that nothing was repeated.
    func claim(_ token: String, ledger: SubmissionLedger) async throws -> HTTPResponse? {
        guard let session = context.session, !token.isEmpty else {
            throw HTTPError(.forbidden, message: "Please sign in again.")
        }
        switch try await ledger.claim(session: session.idHash, token: token) {
        case .claimed:
            return nil
        case .already(.done(let location, let message)):
            try await services.sessions.setFlash(.info("This form was already submitted: \(message) Nothing was changed a second time."), for: session)
            return Redirect.to(path: location)
        case .already(.inFlight):
            throw HTTPError(.conflict, message: "This form is already being processed. Wait a moment and reload the page.")
        }
    }

    func finish(_ token: String, ledger: SubmissionLedger, location: SiteURL, message: String) async throws {
        guard let session = context.session else { return }
        try await ledger.finish(session: session.idHash, token: token, location: location.path, message: message)
    }

    func release(_ token: String, ledger: SubmissionLedger) async throws {
        guard let session = context.session else { return }
        try await ledger.release(session: session.idHash, token: token)
    }

    /// The chrome of an admin page of project `pid`.
    static func chrome(_ context: ConsoleContext, pid: String, title: String, trail: [Breadcrumb]) -> Chrome {
        let name = context.projectName ?? pid
        return context.chrome(title: title, project: ChromeProject(id: pid, name: name),
                              breadcrumbs: [Breadcrumb("Projects", .projects), Breadcrumb(name, .project(pid))] + trail
                                  + [Breadcrumb(label: title, url: nil)])
    }
}
