import AccountsAPI
import Testing

@Suite("Upstream settings resolution")
struct UpstreamSettingsTests {
    static let home = "/home/tester"
    static let settingsJSON = """
        {"active_user_id":"u2","users":{
          "u1":{"api_url":"https://one.example","session":{"access_token":"tok-one"}},
          "u2":{"profile":{},"api_url":"https://cli.example/","session":{"access_token":"tok-cli","expires_at":1900000000,
                "refresh_token":"r","token_type":"bearer"},"project":{"active_project":"p"}}}}
        """
    static let sessionJSON = #"{"access_token":"tok-session","expires_at":1800000000}"#

    private func files(_ table: [String: String]) -> @Sendable (String) -> [UInt8]? {
        { path in table[path].map { Array($0.utf8) } }
    }

    @Test("flags beat the environment, which beats the CLI files; one trailing / is removed")
    func precedence() throws {
        let environment = ["MESHAGENT_API_URL": "https://env.example/", "MESHAGENT_API_KEY": "tok-env"]
        let cli = files(["\(Self.home)/.meshagent/settings.json": Self.settingsJSON])
        let flags = try UpstreamSettings.resolve(UpstreamSettingsInput(
            upstreamFlag: "https://flag.example/", tokenFlag: "tok-flag", environment: environment,
            homeDirectory: Self.home, readFile: cli
        ))
        #expect(flags.baseURL == "https://flag.example")
        #expect(flags.token == "tok-flag")
        #expect(flags.tokenSource == .flag && flags.baseURLSource == .flag)
        let env = try UpstreamSettings.resolve(UpstreamSettingsInput(environment: environment, homeDirectory: Self.home, readFile: cli))
        #expect(env.baseURL == "https://env.example" && env.token == "tok-env")
        #expect(env.tokenSource == .environment)
    }

    @Test("the CLI's signed-in user supplies token and URL; the older session.json is a fallback")
    func cliFiles() throws {
        let both = try UpstreamSettings.resolve(UpstreamSettingsInput(
            homeDirectory: Self.home,
            readFile: files([
                "\(Self.home)/.meshagent/settings.json": Self.settingsJSON,
                "\(Self.home)/.meshagent/session.json": Self.sessionJSON,
            ])
        ))
        #expect(both.token == "tok-cli")
        #expect(both.baseURL == "https://cli.example")
        #expect(both.expiresAt == 1_900_000_000)
        #expect(both.tokenSource == .cliSettings)
        let legacy = try UpstreamSettings.resolve(UpstreamSettingsInput(
            homeDirectory: Self.home, readFile: files(["\(Self.home)/.meshagent/session.json": Self.sessionJSON])
        ))
        #expect(legacy.token == "tok-session")
        #expect(legacy.baseURL == "https://api.meshagent.com")
        #expect(legacy.baseURLSource == .builtInDefault)
    }

    @Test("no token anywhere: one message naming every place searched, never a partial secret")
    func noToken() {
        let input = UpstreamSettingsInput(
            environment: ["MESHAGENT_API_URL": "https://env.example"], homeDirectory: Self.home,
            readFile: files(["\(Self.home)/.meshagent/settings.json": #"{"active_user_id":"x","users":{}}"#])
        )
        #expect(throws: UpstreamSettingsError.self) { try UpstreamSettings.resolve(input) }
        do {
            _ = try UpstreamSettings.resolve(input)
        } catch {
            let message = error.description
            for place in ["--upstream-token", "MESHAGENT_API_KEY", "/home/tester/.meshagent/settings.json", "/home/tester/.meshagent/session.json"] {
                #expect(message.contains(place))
            }
        }
        #expect(input.namesUpstream)
        #expect(!UpstreamSettingsInput().namesUpstream)
    }

    @Test("the project id is read out of an ma- key, dots back to dashes")
    func apiKey() {
        let key = MeshAgentAPIKey("ma-a1b.c-9f2.e7-s3cr-et-part")
        #expect(key?.keyID == "a1b-c")
        #expect(key?.projectID == "9f2-e7")
        #expect(MeshAgentAPIKey("sk-123") == nil)
        #expect(MeshAgentAPIKey("ma-only-two") == nil)
    }

    @Test("the configuration's description never shows the token")
    func description() {
        let configuration = UpstreamConfiguration(baseURL: "https://x.example/", token: "very-secret")
        #expect(configuration.baseURL == "https://x.example")
        #expect(!"\(configuration)".contains("very-secret"))
    }

    @Test("--upstream-token-file: read through readFile, trailing newline trimmed; it names an upstream")
    func tokenFile() throws {
        for content in ["tok-file\n", "tok-file\r\n", "tok-file", "tok-file\n\n"] {
            let resolved = try UpstreamSettings.resolve(UpstreamSettingsInput(
                upstreamFlag: "https://api.example", environment: ["MESHAGENT_API_KEY": "tok-env"],
                readFile: files(["/run/secrets/token": content]), tokenFileFlag: "/run/secrets/token"))
            #expect(resolved.token == "tok-file", "\(Array(content.utf8))")
            #expect(resolved.tokenSource == .tokenFile)
        }
        #expect(UpstreamSettingsInput(tokenFileFlag: "/t").namesUpstream)
    }

    @Test("a missing, empty or multi-line token file is an error naming the file, never its content")
    func badTokenFile() {
        let table = files(["/t/empty": "\n", "/t/blank": "  \n", "/t/two": "tok-one\nX-Injected: 1\n"])
        let cases = [("/t/missing", "Cannot read the upstream token file /t/missing"),
                     ("/t/empty", "/t/empty (--upstream-token-file) is empty"),
                     ("/t/blank", "/t/blank (--upstream-token-file) is empty"),
                     ("/t/two", "/t/two (--upstream-token-file) holds more than one line")]
        for (path, message) in cases {
            let input = UpstreamSettingsInput(upstreamFlag: "https://api.example", readFile: table, tokenFileFlag: path)
            #expect(throws: UpstreamSettingsError.self) { try UpstreamSettings.resolve(input) }
            do {
                _ = try UpstreamSettings.resolve(input)
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
                #expect(!error.description.contains("tok-one"))
            }
        }
    }

    @Test("plain http:// only to loopback, unless --allow-insecure-upstream")
    func insecureUpstream() throws {
        func resolve(_ url: String, allow: Bool = false) throws(UpstreamSettingsError) -> ResolvedUpstream {
            try UpstreamSettings.resolve(UpstreamSettingsInput(upstreamFlag: url, tokenFlag: "tok", allowInsecureUpstream: allow))
        }
        for url in ["http://127.0.0.1:8081", "http://127.9.8.7/", "http://localhost:1", "HTTP://LOCALHOST",
                    "http://[::1]:8081", "http://[0:0:0:0:0:0:0:1]/", "http://user@127.0.0.1:2",
                    "https://api.example", "https://10.0.0.1"] {
            #expect(throws: Never.self, "\(url)") { try resolve(url) }
        }
        for url in ["http://api.example", "http://10.0.0.1:8081", "http://128.0.0.1", "http://[::2]:80",
                    "http://127.0.0.1.example/", "http://localhost.evil.example", "http://127.0.0.1@evil.example/",
                    "Http://[::ffff:10.0.0.1]"] {
            #expect(throws: UpstreamSettingsError.self, "\(url)") { try resolve(url) }
            #expect(throws: Never.self, "\(url) allowed") { try resolve(url, allow: true) }
        }
        do {
            _ = try resolve("http://api.example:8080/")
        } catch {
            #expect(error.description.contains("plain HTTP to api.example"))
            #expect(error.description.contains("--allow-insecure-upstream"))
        }
        let environment = UpstreamSettingsInput(environment: ["MESHAGENT_API_URL": "http://api.example", "MESHAGENT_API_KEY": "k"])
        #expect(throws: UpstreamSettingsError.self) { try UpstreamSettings.resolve(environment) }
    }
}
