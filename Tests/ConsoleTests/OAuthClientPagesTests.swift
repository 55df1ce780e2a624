import AccountsAPI
@testable import Console
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// The OAuth client pages against the embedded accounts API: the secret
/// shown exactly once, validation naming the field, edit with lost-update
/// detection, delete with confirmation, audit, and reviewers read-only.
@Suite(.serialized) struct OAuthClientPagesTests {
    static let pid = ConsoleHarness.pid

    static func console() async throws -> (ConsoleHarness, String) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false))
        return (console, try await console.adminSession())
    }

    static func createForm(_ page: HTTPResponse) -> [(String, String)] {
        page.formFields(action: SiteURL.oauthClientNew(pid).path)
            .setting("grant_types", "authorization_code refresh_token").setting("response_types", "code")
            .setting("redirect_uris", "https://app.example/cb\r\nhttp://127.0.0.1:8080/cb").setting("scope", "openid email")
            .setting("metadata", #"{"team": "web"}"#)
    }

    @Test func createShowsTheSecretOnceThenNeverAgain() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let newURL = SiteURL.oauthClientNew(Self.pid).path
        let form = await console.send(.get, newURL, session: cookie)
        #expect(form.status == .ok)
        let fields = Self.createForm(form)
        let created = await console.send(.post, newURL, session: cookie, form: fields)
        #expect(created.status == .created)
        #expect(created.headers["Cache-Control"]?.contains("no-store") == true)
        let clients = try await console.accounts.oauthClients(projectID: Self.pid).clients
        try #require(clients.count == 1)
        let client = clients[0]
        #expect(client.redirectURIs == ["https://app.example/cb", "http://127.0.0.1:8080/cb"])
        #expect(client.metadata == ["team": "web"] && client.scope == "openid email")
        let secret = try #require(created.text.firstMatch(of: /<pre data-copy[^>]*>([A-Za-z0-9_-]{43})<\/pre>/)?.1)
        #expect(created.text.contains("It will not be shown again"))
        #expect(try await console.embedded!.store.verifyOAuthClientSecret(projectID: Self.pid, clientID: client.clientID,
                                                                           secret: String(secret)))

        // A second submit of the same form creates nothing and shows no secret.
        let writes = console.tap.writes
        let again = await console.send(.post, newURL, session: cookie, form: fields)
        #expect(again.status == .seeOther && console.tap.writes == writes)
        #expect(again.headers["Location"] == SiteURL.oauthClient(pid: Self.pid, clientID: client.clientID).path)
        for url in [SiteURL.oauthClient(pid: Self.pid, clientID: client.clientID), .oauthClients(Self.pid),
                    .oauthClientEdit(pid: Self.pid, clientID: client.clientID), .audit(Self.pid)] {
            let page = await console.send(.get, url.path, session: cookie)
            #expect(page.status == .ok, "\(url)")
            #expect(!page.text.contains(String(secret)), "\(url) shows the secret")
        }
        let entries = try await console.services.audit.entries(project: Self.pid)
        #expect(entries.map(\.action) == ["oauth-client.create"])
        #expect(entries[0].outcome == "succeeded" && entries[0].after?.contains(client.clientID) == true)
        #expect(entries.allSatisfy { !($0.after ?? "").contains(String(secret)) })
    }

    @Test func invalidInputKeepsTheFormAndNamesTheField() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let newURL = SiteURL.oauthClientNew(Self.pid).path
        let form = await console.send(.get, newURL, session: cookie)
        let writes = console.tap.writes
        let bad = await console.send(.post, newURL, session: cookie, form: Self.createForm(form)
            .setting("redirect_uris", "http://app.example/cb").setting("metadata", #"{"n": 1}"#))
        #expect(bad.status == .unprocessableContent && console.tap.writes == writes)
        #expect(bad.text.contains("Redirect URI 1"))
        #expect(bad.text.contains("not loopback"))
        #expect(bad.text.contains("Metadata values must be strings"))
        #expect(bad.formFields(action: newURL).value("redirect_uris") == "http://app.example/cb")
    }

    @Test func editDetectsAChangeMadeMeanwhileAndDeleteConfirms() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let client = try await console.accounts.createOAuthClient(projectID: Self.pid, CreateOAuthClientRequest(
            grantTypes: ["client_credentials"], responseTypes: [], redirectURIs: [], scope: "a"))
        let editURL = SiteURL.oauthClientEdit(pid: Self.pid, clientID: client.clientID).path
        let edit = await console.send(.get, editURL, session: cookie)
        #expect(edit.status == .ok)
        let fields = edit.formFields(action: editURL).setting("scope", "b c").setting("redirect_uris", "https://x.example/cb")
        try await console.accounts.updateOAuthClient(projectID: Self.pid, clientID: client.clientID, UpdateOAuthClientRequest(scope: "z"))
        let conflict = await console.send(.post, editURL, session: cookie, form: fields)
        #expect(conflict.status == .conflict && conflict.text.contains("Nothing was saved"))
        #expect(try await console.accounts.oauthClient(projectID: Self.pid, clientID: client.clientID).scope == "z")
        let saved = await console.send(.post, editURL, session: cookie, form: conflict.formFields(action: editURL))
        #expect(saved.status == .seeOther)
        let now = try await console.accounts.oauthClient(projectID: Self.pid, clientID: client.clientID)
        #expect(now.scope == "b c" && now.redirectURIs == ["https://x.example/cb"])

        let deleteURL = SiteURL.oauthClientDelete(pid: Self.pid, clientID: client.clientID).path
        let confirm = await console.send(.get, deleteURL, session: cookie)
        #expect(confirm.status == .ok && confirm.text.contains("cannot be undone"))
        let deleted = await console.send(.post, deleteURL, session: cookie, form: confirm.formFields(action: deleteURL))
        #expect(deleted.status == .seeOther && deleted.headers["Location"] == SiteURL.oauthClients(Self.pid).path)
        #expect(try await console.accounts.oauthClients(projectID: Self.pid).total == 0)
        let actions = try await console.services.audit.entries(project: Self.pid).map(\.action)
        #expect(actions == ["oauth-client.delete", "oauth-client.update", "oauth-client.update"])
    }

    @Test func reviewersReadButNeverChangeOrSeeForms() async throws {
        let console = try await ConsoleHarness(.embedded(seedDemo: false))
        defer { Task { await console.stop() } }
        let client = try await console.accounts.createOAuthClient(projectID: Self.pid, CreateOAuthClientRequest(
            grantTypes: ["client_credentials"], responseTypes: [], redirectURIs: [], scope: "a"))
        let rita = try await console.reviewerSession()
        let list = await console.send(.get, SiteURL.oauthClients(Self.pid).path, session: rita)
        #expect(list.status == .ok && list.text.contains(client.clientID) && !list.text.contains("New OAuth client"))
        let show = await console.send(.get, SiteURL.oauthClient(pid: Self.pid, clientID: client.clientID).path, session: rita)
        #expect(show.status == .ok && !show.text.contains(client.clientSecret))
        let before = console.tap.requests
        for url in [SiteURL.oauthClientNew(Self.pid), .oauthClientEdit(pid: Self.pid, clientID: client.clientID),
                    .oauthClientDelete(pid: Self.pid, clientID: client.clientID)] {
            #expect(await console.send(.get, url.path, session: rita).status == .forbidden, "\(url)")
        }
        let token = try await console.csrfToken(session: rita)
        for url in [SiteURL.oauthClientNew(Self.pid), .oauthClientEdit(pid: Self.pid, clientID: client.clientID),
                    .oauthClientDelete(pid: Self.pid, clientID: client.clientID)] {
            #expect(await console.send(.post, url.path, session: rita, form: [("csrf", token)]).status == .forbidden, "\(url)")
        }
        #expect(console.tap.requests == before)
    }
}
