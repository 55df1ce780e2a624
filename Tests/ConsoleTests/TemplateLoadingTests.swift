@testable import Console
import Foundation
import Testing
@testable import GrantDeskTesting

@Suite struct TemplateLoadingTests {
    func directory(_ files: [String: String]) throws -> TemporaryDirectory {
        let scratch = try TemporaryDirectory("templates")
        let root = scratch.url
        for (name, text) in files {
            let url = root.appendingPathComponent(name + ".mustache")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return scratch
    }

    @Test func aBrokenTemplateStopsStartUpNamingFileAndLine() async throws {
        let dir = try directory(["layout": "<p>\n{{$content}}{{/content}}", "pages/room": "<h1>\n\n  {{#page.x}} oops {{/page.y}}\n"])
        defer { dir.remove() }
        let error = await #expect(throws: TemplateLoadError.self) { _ = try await Renderer.load(directory: dir.path) }
        let text = error?.description ?? ""
        #expect(text.contains("pages/room.mustache:3:"), "\(text)")
    }

    @Test func aMissingPartialOrParentStopsStartUp() async throws {
        let dir = try directory(["page": "{{<layuot}}{{$content}}x{{/content}}{{/layuot}}", "other": "a\n{{> partials/nope}}"])
        defer { dir.remove() }
        let error = await #expect(throws: TemplateLoadError.self) { _ = try await Renderer.load(directory: dir.path) }
        let text = error?.description ?? ""
        #expect(text.contains("page.mustache:1: refers to missing template 'layuot'"), "\(text)")
        #expect(text.contains("other.mustache:2: refers to missing template 'partials/nope'"), "\(text)")
    }

    @Test func aTemplateTheCodeNeedsMustExist() async throws {
        let dir = try directory(["layout": "{{$content}}{{/content}}"])
        defer { dir.remove() }
        let renderer = try await Renderer.load(directory: dir.path)
        #expect(throws: TemplateLoadError.self) { try renderer.requireTemplates(["layout", "grants/edit"]) }
        try renderer.requireTemplates(["layout"])
        await #expect(throws: TemplateLoadError.self) { _ = try await Renderer.load(directory: dir.path + "/missing") }
    }

    @Test func theShippedTemplatesEscapeData() async throws {
        let renderer = try await Renderer.load(directory: ConsoleHarness.templatesDirectory)
        var chrome = Chrome(title: "<script>t</script>", user: ChromeUser(ConsoleUser(name: "\"><img src=x>", role: .admin)),
                            csrf: "tok", project: ChromeProject(id: "p/1", name: "<b>P</b>"),
                            breadcrumbs: [Breadcrumb("Room <i>", .room(pid: "p/1", room: "a b"))],
                            flash: .error("<svg onload=x>"), requestID: "rid")
        chrome.breadcrumbs.append(Breadcrumb(label: "Last", url: nil))
        let html = try #require(renderer.html("error", ErrorView(status: 404, title: "T<", message: "M&"), chrome: chrome))
        for raw in ["<script>t", "<img src=x>", "<b>P", "<i>", "<svg"] { #expect(!html.contains(raw), "\(raw)") }
        #expect(html.contains("&lt;svg onload=x&gt;"))
        #expect(html.contains("href=\"/projects/p%2F1/rooms/a%20b\""))
        #expect(html.contains("flash-error") && html.contains("role=\"alert\""))
        #expect(html.contains("<span aria-current=\"page\">Last</span>"))
        for landmark in ["<header", "<nav", "<main id=\"main\"", "<footer", "class=\"skip-link\"", "<html lang=\"en\">",
                         "<meta charset=\"utf-8\">", "name=\"viewport\"", "href=\"/static/css/app.css\"",
                         "src=\"/static/js/app.js\" defer"] {
            #expect(html.contains(landmark), "\(landmark)")
        }
    }
}
