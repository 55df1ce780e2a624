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
}
