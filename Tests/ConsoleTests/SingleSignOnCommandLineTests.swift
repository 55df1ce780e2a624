import Foundation
import Testing
import GrantDeskTesting

/// `serve`'s single sign-on settings: what goes together, what is refused.
@Suite struct SingleSignOnCommandLineTests {
    func serve(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandLineTests.Run {
        let scratch = try TemporaryDirectory("sso-cli")
        defer { scratch.remove() }
        return try CommandLineTests().run(["serve", "--http", "--port", "0", "--data-dir", scratch.path] + arguments,
                                          environment: environment)
    }

    @Test func refusesIncompleteOrUnsafeSettings() throws {
        let issuer = ["--oidc-issuer", "https://idp.example.com", "--oidc-client-id", "gd"]
        let cases: [([String], [String: String], String)] = [
            (["--oidc-issuer", "https://idp.example.com"], [:], "--oidc-issuer and --oidc-client-id go together"),
            (issuer, ["GRANTDESK_OIDC_CLIENT_SECRET": "s"], "needs at least one --oidc-admin-group or --oidc-reviewer-group"),
            (["--oidc-issuer", "http://idp.example.com", "--oidc-client-id", "gd", "--oidc-admin-group", "a"],
             ["GRANTDESK_OIDC_CLIENT_SECRET": "s"], "--oidc-issuer must use https://"),
            (issuer + ["--oidc-admin-group", "a"], [:], "client secret in GRANTDESK_OIDC_CLIENT_SECRET or --oidc-client-secret-file"),
            (issuer + ["--oidc-admin-group", "a", "--oidc-client-secret-file", "/nonexistent/secret"], [:],
             "--oidc-client-secret-file: cannot read /nonexistent/secret"),
            (["--no-local-users"], [:], "need --oidc-issuer"),
        ]
        for (arguments, environment, message) in cases {
            let run = try serve(arguments, environment: environment)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.errors.contains(message), "\(arguments): \(run.errors)")
            #expect(!run.output.contains("running at"))
        }
    }
}
