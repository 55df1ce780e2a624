import Foundation
import GrantModel
import ParticipantTokens

/// `/tokens/inspect`: a pasted participant token taken apart. The token and
/// the secret arrive in a POST body only; neither is stored, logged, audited
/// or written back into the page (the form comes back empty).
struct TokenInspection: Sendable {
    struct Row: Sendable {
        var name: String
        var value: String
    }

    struct GrantRow: Sendable {
        var name: String
        var value: String
        var isAPI: Bool
    }

    /// What was checked about the signature and expiry, in words, with a colour.
    struct Verdict: Sendable {
        var title: String
        var detail: String
        var badge: Badge
    }

    var formAction: String
    /// Set when the token could not be read at all.
    var error: String?
    var decoded: Bool
    var header: [Row]
    var claims: [Row]
    var grants: [GrantRow]
    var verdicts: [Verdict]
    var hasAPI: Bool
    var apiProblem: String?
    var preset: Badge?
    var flags: [Badge]
    var hasFlags: Bool
    var sections: [ScopeSectionView]
    var absent: [Badge]
    var unknown: [UnknownKeys.Entry]
    var hasUnknown: Bool
    var apiJSON: String
    var claimsProblem: String?

    /// The empty form.
    init() {
        formAction = SiteURL.tokenInspect.path
        decoded = false
        header = []
        claims = []
        grants = []
        verdicts = []
        hasAPI = false
        flags = []
        hasFlags = false
        sections = []
        absent = []
        unknown = []
        hasUnknown = false
        apiJSON = ""
    }

    /// `token` read, and verified when `secret` is given, as of `now`.
    init(token text: String, secret: String, now: Date) {
        self.init()
        let jwt: CompactJWT
        do {
            jwt = try CompactJWT(parsing: text)
        } catch {
            self.error = error.description
            return
        }
        decoded = true
        header = jwt.header.map { Row(name: visible($0.key), value: JSONDisplay.text($0.value)) }
        claims = jwt.payload.filter { $0.key != "grants" }.map { member in
            Row(name: visible(member.key), value: Self.describe(claim: member.key, member.value))
        }
        let token: ParticipantToken?
        do {
            token = try ParticipantToken(claims: jwt.payload)
        } catch {
            token = nil
            claimsProblem = "These claims are not a MeshAgent participant token: \(error.description)."
        }
        verdicts.append(Self.signatureVerdict(jwt, secret: secret))
        verdicts.append(Self.expiryVerdict(token?.expiresAt, now: now))
        guard let token else { return }
        grants = token.grants.map { grant in
            GrantRow(name: visible(grant.name), value: grant.name == "api" ? "the ApiScope below" : JSONDisplay.text(grant.scope),
                     isAPI: grant.name == "api")
        }
        guard let api = token.apiScope else { return }
        hasAPI = true
        apiJSON = JSONDisplay.text(api)
        let summary = GrantSummary(permissions: api)
        preset = summary.preset
        flags = summary.flags
        hasFlags = !flags.isEmpty
        apiProblem = summary.problem
        if let scope = summary.scope {
            sections = ScopeSectionView.granted(for: scope)
            absent = ScopeSectionView.absent(for: scope)
            unknown = UnknownKeys.collect(scope)
            hasUnknown = !unknown.isEmpty
        }
    }

    private static func describe(claim: String, _ value: JSONValue) -> String {
        if claim == "exp" || claim == "iat" || claim == "nbf", case .number(let text) = value, let seconds = Double(text) {
            return "\(text) (\(ISO8601Time.text(seconds)))"
        }
        return JSONDisplay.text(value)
    }

    private static func signatureVerdict(_ jwt: CompactJWT, secret: String) -> Verdict {
        guard !secret.isEmpty else {
            return Verdict(title: "Signature not checked", detail: "Give the project's secret to check that the project's key signed this token.",
                           badge: Badge("not checked", kind: .neutral))
        }
        if jwt.hasValidSignature(secret: Array(secret.utf8)) {
            return Verdict(title: "Signature valid", detail: "HMAC-SHA256 under the secret you gave matches: the token was signed with it and not changed since.",
                           badge: Badge("valid", kind: .ok))
        }
        return Verdict(title: "Signature does not match",
                       detail: "Either the secret is not the one that signed this token, or the token was changed after signing. Do not trust its claims.",
                       badge: Badge("invalid", kind: .risk))
    }

    private static func expiryVerdict(_ expiresAt: Double?, now: Date) -> Verdict {
        guard let expiresAt else {
            return Verdict(title: "No expiry", detail: "The token has no exp claim: it is valid until its key is replaced.",
                           badge: Badge("no expiry", kind: .warn))
        }
        let when = ISO8601Time.text(expiresAt)
        if expiresAt <= now.timeIntervalSince1970 {
            return Verdict(title: "Expired", detail: "It expired at \(when) UTC.", badge: Badge("expired", kind: .risk))
        }
        return Verdict(title: "Not expired", detail: "It is valid until \(when) UTC.", badge: Badge("current", kind: .ok))
    }
}
