import GrantModel

/// Everything upstream settings may come from, gathered by the executable so
/// that resolving them is a pure function (tests pass a fake file system).
public struct UpstreamSettingsInput: Sendable {
    /// `--upstream URL`.
    public var upstreamFlag: String?
    /// `--upstream-token TOKEN`.
    public var tokenFlag: String?
    /// `--upstream-token-file PATH`: the token read from a file, since argv
    /// is visible to every local user. Read with `readFile`.
    public var tokenFileFlag: String?
    /// `--allow-insecure-upstream`: permits `http://` to a host that is not loopback.
    public var allowInsecureUpstream: Bool
    /// The process environment (`MESHAGENT_API_URL`, `MESHAGENT_API_KEY`).
    public var environment: [String: String]
    /// The home directory holding `.meshagent/`; nil skips the CLI's files.
    public var homeDirectory: String?
    /// Reads a whole file, or nil when it does not exist or cannot be read.
    public var readFile: @Sendable (String) -> [UInt8]?

    public init(
        upstreamFlag: String? = nil, tokenFlag: String? = nil, environment: [String: String] = [:],
        homeDirectory: String? = nil, readFile: @escaping @Sendable (String) -> [UInt8]? = { _ in nil },
        tokenFileFlag: String? = nil, allowInsecureUpstream: Bool = false
    ) {
        self.upstreamFlag = upstreamFlag
        self.tokenFlag = tokenFlag
        self.tokenFileFlag = tokenFileFlag
        self.allowInsecureUpstream = allowInsecureUpstream
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.readFile = readFile
    }

    /// Whether anything names an upstream explicitly (flag or environment);
    /// `grantdesk serve` starts the embedded accounts API when this is false.
    public var namesUpstream: Bool {
        [upstreamFlag, tokenFlag, tokenFileFlag, environment["MESHAGENT_API_URL"], environment["MESHAGENT_API_KEY"]]
            .contains { !($0 ?? "").isEmpty }
    }
}

/// Where a resolved setting came from.
public enum UpstreamSettingSource: String, Sendable, Hashable {
    case flag = "command-line flag"
    case tokenFile = "--upstream-token-file"
    case environment = "environment"
    case cliSettings = "~/.meshagent/settings.json"
    case cliSession = "~/.meshagent/session.json"
    case builtInDefault = "default"
}

/// The outcome of resolving upstream settings.
public struct ResolvedUpstream: Sendable, Hashable {
    public var baseURL: String
    public var token: String
    public var baseURLSource: UpstreamSettingSource
    public var tokenSource: UpstreamSettingSource
    /// The CLI session's `expires_at` (unix seconds), when the token came from the CLI.
    public var expiresAt: Int?

    /// The configuration for an `AccountsClient`, with default deadlines.
    public var configuration: UpstreamConfiguration {
        UpstreamConfiguration(baseURL: baseURL, token: token)
    }
}

/// No token anywhere (says where we looked, never what we found), or a
/// setting that names something unusable.
public struct UpstreamSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The places searched, in order.
    public var searched: [String]
    /// Set when a named setting is unusable (an unreadable or empty token
    /// file, plain HTTP across the network); it is then the whole message.
    public var problem: String?

    public init(searched: [String], problem: String? = nil) {
        self.searched = searched
        self.problem = problem
    }

    public var description: String {
        if let problem { return problem }
        return "No accounts API token found. Looked in: " + searched.joined(separator: "; ")
            + ". Pass --upstream-token or --upstream-token-file, set MESHAGENT_API_KEY, or sign in with the MeshAgent CLI."
    }
}

/// Resolves the upstream URL and token: flags, then environment, then the
/// MeshAgent CLI's signed-in user, then the built-in default URL.
public enum UpstreamSettings {
    public static func resolve(_ input: UpstreamSettingsInput) throws(UpstreamSettingsError) -> ResolvedUpstream {
        var searched = ["--upstream-token", "MESHAGENT_API_KEY"]
        var token: (String, UpstreamSettingSource)?
        var cliURL: String?
        var expiresAt: Int?
        if let flag = nonEmpty(input.tokenFlag) {
            token = (flag, .flag)
        } else if let path = nonEmpty(input.tokenFileFlag) {
            token = (try tokenFromFile(path, input.readFile), .tokenFile)
        } else if let key = nonEmpty(input.environment["MESHAGENT_API_KEY"]) {
            token = (key, .environment)
        } else if let home = input.homeDirectory {
            let settingsPath = home + "/.meshagent/settings.json"
            let sessionPath = home + "/.meshagent/session.json"
            searched += [settingsPath, sessionPath]
            if let user = signedInUser(input.readFile(settingsPath)),
               let access = nonEmpty(user.session?["access_token"]?.settingsString) {
                token = (access, .cliSettings)
                cliURL = nonEmpty(user.apiURL)
                expiresAt = user.session?["expires_at"]?.settingsInteger
            } else if let bytes = input.readFile(sessionPath), case .object(let session)? = try? JSONValue(parsing: bytes),
                      let access = nonEmpty(session["access_token"]?.settingsString) {
                token = (access, .cliSession)
                expiresAt = session["expires_at"]?.settingsInteger
            }
        }
        guard let (tokenValue, tokenSource) = token else { throw UpstreamSettingsError(searched: searched) }

        let url: (String, UpstreamSettingSource)
        if let flag = nonEmpty(input.upstreamFlag) {
            url = (flag, .flag)
        } else if let env = nonEmpty(input.environment["MESHAGENT_API_URL"]) {
            url = (env, .environment)
        } else if let cliURL {
            url = (cliURL, .cliSettings)
        } else {
            url = (UpstreamConfiguration.defaultBaseURL, .builtInDefault)
        }
        let baseURL = url.0.hasSuffix("/") ? String(url.0.dropLast()) : url.0
        if !input.allowInsecureUpstream, let host = UpstreamURLHost.plainHTTPHost(baseURL), !UpstreamURLHost.isLoopback(host) {
            throw UpstreamSettingsError(searched: searched, problem: """
                The upstream \(baseURL) is plain HTTP to \(host), which is not a loopback address: the token would \
                cross the network unencrypted. Use https://, or pass --allow-insecure-upstream.
                """)
        }
        return ResolvedUpstream(
            baseURL: baseURL, token: tokenValue, baseURLSource: url.1, tokenSource: tokenSource, expiresAt: expiresAt
        )
    }

    /// The token in the file at `path`, without the trailing newline editors
    /// and `echo` add. A missing or empty file stops start-up with its name.
    private static func tokenFromFile(_ path: String,
                                      _ readFile: (String) -> [UInt8]?) throws(UpstreamSettingsError) -> String {
        guard let bytes = readFile(path) else {
            throw UpstreamSettingsError(searched: [path], problem: "Cannot read the upstream token file \(path) (--upstream-token-file).")
        }
        var text = Substring(String(decoding: bytes, as: UTF8.self))
        while let last = text.last, last.isNewline { text = text.dropLast() }
        guard let token = nonEmpty(String(text)) else {
            throw UpstreamSettingsError(searched: [path], problem: "The upstream token file \(path) (--upstream-token-file) is empty.")
        }
        // The token becomes a header value: a second line would be a second header.
        guard !token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw UpstreamSettingsError(searched: [path], problem: """
                The upstream token file \(path) (--upstream-token-file) holds more than one line or control characters.
                """)
        }
        return token
    }

    private struct CLIUser {
        var session: JSONObject?
        var apiURL: String?
    }

    /// `settings.json`: `{active_user_id, users: {<id>: {api_url, session: {...}}}}`.
    private static func signedInUser(_ bytes: [UInt8]?) -> CLIUser? {
        guard let bytes, case .object(let settings)? = try? JSONValue(parsing: bytes),
              let active = settings["active_user_id"]?.settingsString,
              case .object(let users)? = settings["users"], case .object(let user)? = users[active]
        else { return nil }
        var session: JSONObject?
        if case .object(let object)? = user["session"] { session = object }
        return CLIUser(session: session, apiURL: user["api_url"]?.settingsString)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingSpaces(), !text.isEmpty else { return nil }
        return text
    }
}

/// Reads MeshAgent API keys: `ma-<keyId>-<projectId>-<secret>`, where the ids
/// are base64url UUIDs whose `-` is written as `.` (so the first two dashes
/// after `ma` delimit them; the secret may contain more).
public struct MeshAgentAPIKey: Sendable, Hashable {
    public var keyID: String
    public var projectID: String

    /// Nil when `key` does not have the `ma-` shape.
    public init?(_ key: String) {
        let parts = key.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "ma", !parts[1].isEmpty, !parts[2].isEmpty, !parts[3].isEmpty else { return nil }
        keyID = parts[1].replacingDots()
        projectID = parts[2].replacingDots()
    }
}

extension Substring {
    fileprivate func replacingDots() -> String {
        String(map { $0 == "." ? "-" : $0 })
    }
}

extension JSONValue {
    fileprivate var settingsString: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    fileprivate var settingsInteger: Int? {
        if case .number(let text) = self { return Int(text) ?? Double(text).map { Int($0) } }
        return nil
    }
}
