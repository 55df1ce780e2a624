import AccountsAPI
@testable import Console
import GrantModel
import HTTPApp
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// The storage pages against the embedded accounts API: browse, upload as a
/// plain form post and as a raw body (storage.js), download, refused paths,
/// a missing file, delete with confirmation, audit, reviewers read only.
@Suite(.serialized) struct StoragePagesTests {
    static let pid = ConsoleHarness.pid

    static func multipart(csrf: String, folder: String, file: String, bytes: [UInt8], type: String = "text/plain") -> ([UInt8], String) {
        let boundary = "----gdtest7MA4YWxkTrZu0gW"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"folder\"\r\n\r\n\(folder)\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
        body += bytes
        body += Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\r\n--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    static func post(_ console: ConsoleHarness, _ target: String, session: String, body: [UInt8], type: String,
                     headers extra: [(String, String)] = []) async -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Host", ConsoleHarness.host)
        headers.set("Origin", ConsoleHarness.origin)
        headers.set("Cookie", "\(Cookies.session)=\(session)")
        headers.set("Content-Type", type)
        for (name, value) in extra { headers.set(name, value) }
        let request = HTTPRequest(method: .post, target: target, headers: headers, body: body,
                                  connection: ConnectionInfo(remoteAddress: "10.0.0.1", isSecure: true))
        return await console.app.respond(to: request)
    }

    @Test func uploadBrowseDownloadAndDelete() async throws {
        let console = try await ConsoleHarness(.embedded(seedDemo: false))
        defer { Task { await console.stop() } }
        let cookie = try await console.adminSession()
        let csrf = try await console.csrfToken(session: cookie)
        let uploadURL = SiteURL.storageUpload(pid: Self.pid, path: nil).path
        let content = Array("<script>alert(1)</script> report".utf8)
        let (body, type) = Self.multipart(csrf: csrf, folder: "reports/2026", file: "C:\\Users\\me\\q1.html", bytes: content,
                                          type: "text/html")
        let posted = await Self.post(console, uploadURL, session: cookie, body: body, type: type)
        #expect(posted.status == .seeOther)
        #expect(posted.headers["Location"] == SiteURL.storage(pid: Self.pid, folder: "reports/2026").path)

        // The raw body with the token in a header, as storage.js sends it.
        let raw = await Self.post(console, SiteURL.storageUpload(pid: Self.pid, path: "top.bin").path, session: cookie,
                                  body: [0, 1, 2, 255], type: "application/octet-stream",
                                  headers: [("X-CSRF-Token", csrf), ("X-GrantDesk-Upload", "xhr")])
        #expect(raw.status == .noContent && raw.headers["X-GrantDesk-Location"] == SiteURL.storage(pid: Self.pid, folder: "").path)

        let top = await console.send(.get, SiteURL.storage(pid: Self.pid, folder: nil).path, session: cookie)
        #expect(top.status == .ok && top.text.contains("reports/</bdi>") == false && top.text.contains(">reports</bdi>/"))
        #expect(top.text.contains("top.bin") && top.text.contains("4 bytes"))
        let folder = await console.send(.get, SiteURL.storage(pid: Self.pid, folder: "reports/2026").path, session: cookie)
        #expect(folder.text.contains("q1.html") && folder.text.contains("text/html"))

        let download = await console.send(.get, SiteURL.storageDownload(pid: Self.pid, path: "reports/2026/q1.html").path, session: cookie)
        if download.status != .ok { Issue.record("status \(download.status.code): \(download.text)") }
        #expect(download.body == content)
        #expect(download.headers["Content-Disposition"]?.hasPrefix("attachment") == true)
        #expect(download.headers["X-Content-Type-Options"] == "nosniff")
        #expect(download.headers["Content-Security-Policy"]?.contains("default-src 'none'") == true)

        let deleteURL = SiteURL.storageDelete(pid: Self.pid, path: "top.bin").path
        let confirm = await console.send(.get, deleteURL, session: cookie)
        #expect(confirm.status == .ok && confirm.text.contains("cannot be undone"))
        let deleted = await console.send(.post, deleteURL, session: cookie, form: confirm.formFields(action: deleteURL))
        #expect(deleted.status == .seeOther)
        let gone = await console.send(.get, SiteURL.storageDownload(pid: Self.pid, path: "top.bin").path, session: cookie)
        #expect(gone.status == .notFound && gone.text.contains("There is no file"))

        let actions = try await console.services.audit.entries(project: Self.pid).map(\.action)
        #expect(actions == ["storage.delete", "storage.upload", "storage.upload"])
    }

    @Test func refusedPathsAreClearAndNeverReachTheUpstream() async throws {
        let console = try await ConsoleHarness(.embedded(seedDemo: false))
        defer { Task { await console.stop() } }
        let cookie = try await console.adminSession()
        let csrf = try await console.csrfToken(session: cookie)
        let before = console.tap.writes
        for path in ["../escape", "/etc/passwd", "a//b"] {
            let upload = await Self.post(console, SiteURL.storageUpload(pid: Self.pid, path: path).path, session: cookie,
                                         body: [1], type: "application/octet-stream", headers: [("X-CSRF-Token", csrf)])
            #expect(upload.status == .badRequest && upload.text.contains("Refused path"), "\(path)")
            let download = await console.send(.get, SiteURL.storageDownload(pid: Self.pid, path: path).path, session: cookie)
            #expect(download.status == .badRequest && download.text.contains("Refused path"), "\(path)")
        }
        let (body, type) = Self.multipart(csrf: csrf, folder: "..", file: "x.txt", bytes: [1])
        let form = await Self.post(console, SiteURL.storageUpload(pid: Self.pid, path: nil).path, session: cookie, body: body, type: type)
        #expect(form.status == .badRequest && form.text.contains("Refused path"))
        #expect(console.tap.writes == before)
    }

    @Test func reviewersBrowseAndDownloadButNeverUploadOrDelete() async throws {
        let console = try await ConsoleHarness(.embedded(seedDemo: false))
        defer { Task { await console.stop() } }
        try await console.accounts.upload(projectID: Self.pid, path: "shared.txt", bytes: Array("hi".utf8))
        let rita = try await console.reviewerSession()
        let page = await console.send(.get, SiteURL.storage(pid: Self.pid, folder: nil).path, session: rita)
        #expect(page.status == .ok && page.text.contains("shared.txt") && !page.text.contains("Upload a file"))
        #expect(!page.text.contains("Delete…"))
        #expect(await console.send(.get, SiteURL.storageDownload(pid: Self.pid, path: "shared.txt").path, session: rita).body
                == Array("hi".utf8))
        let requests = console.tap.requests
        let csrf = try await console.csrfToken(session: rita)
        let upload = await Self.post(console, SiteURL.storageUpload(pid: Self.pid, path: "x.txt").path, session: rita,
                                     body: [1], type: "application/octet-stream", headers: [("X-CSRF-Token", csrf)])
        #expect(upload.status == .forbidden)
        #expect(await console.send(.get, SiteURL.storageDelete(pid: Self.pid, path: "shared.txt").path, session: rita).status == .forbidden)
        #expect(await console.send(.post, SiteURL.storageDelete(pid: Self.pid, path: "shared.txt").path, session: rita,
                                   form: [("csrf", csrf)]).status == .forbidden)
        #expect(console.tap.requests == requests)
    }

    @Test func anUpstreamWithoutAListingIsSaidSoAndDownloadByPathRemains() async throws {
        // A real MeshAgent deployment documents no listing: it answers 404 there.
        let fake = try FakeUpstream { request in
            let json = [("Content-Type", "application/json")]
            if request.target.contains("/storage/list") { return .respond(status: 404, headers: json, body: Array(#"{"detail":"Not Found"}"#.utf8)) }
            if request.target.contains("/storage/download") { return .respond(status: 200, headers: [("Content-Type", "text/csv")], body: Array("a,b\n".utf8)) }
            return .respond(status: 200, headers: json, body: Array(#"{"id":"default","name":"Real"}"#.utf8))
        }
        defer { fake.stop() }
        let console = try await ConsoleHarness(.configuration(EmbeddedAccountsHarness.configuration("http://127.0.0.1:\(fake.port)", token: "t")))
        let cookie = try await console.adminSession()
        let page = await console.send(.get, SiteURL.storage(pid: Self.pid, folder: nil).path, session: cookie)
        #expect(page.status == .ok && page.text.contains("This upstream cannot list files"))
        #expect(page.text.contains("Download a file by its path"))
        let file = await console.send(.get, SiteURL.storageDownload(pid: Self.pid, path: "data/x.csv").path, session: cookie)
        #expect(file.status == .ok && file.text == "a,b\n")
    }

    @Test func multipartParsing() throws {
        let (body, type) = Self.multipart(csrf: "tok", folder: "f", file: "a %22b%22\\c.txt", bytes: Array("\r\n--x\r\n".utf8))
        var headers = HTTPHeaders()
        headers.set("Content-Type", type)
        let form = try #require(try MultipartForm(request: HTTPRequest(method: .post, target: "/", headers: headers, body: body)))
        #expect(form.text("csrf") == "tok" && form.text("folder") == "f" && form.text("name") == "")
        #expect(form["file"]?.filename == "a %22b%22\\c.txt")
        #expect(form["file"]?.bytes == Array("\r\n--x\r\n".utf8) && form["file"]?.contentType == "text/plain")
        #expect(throws: MultipartForm.Invalid.self) { try MultipartForm(body: Array("--b\r\nno end".utf8), boundary: "b") }
        #expect(ByteCount.text(1536) == "1.5 KiB" && ByteCount.text(16 << 20) == "16.0 MiB")
    }
}
