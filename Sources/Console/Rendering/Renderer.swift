public import HTTPServer
import Mustache

/// Renders page models through `Templates/`. Templates see `{{chrome.*}}` and
/// `{{page.*}}`; pages extend the layout with `{{<layout}}{{$content}}…`.
public struct Renderer: Sendable {
    private let library: MustacheLibrary

    private let names: Set<String>

    /// Loads and checks every template under `directory`: each parses, and
    /// each partial or parent it names exists. Throws a message naming the
    /// file and line otherwise.
    public static func load(directory: String) async throws -> Renderer {
        let library = try await TemplateLibrary.load(directory: directory)
        return Renderer(library: library, names: Set(try TemplateLibrary.templateNames(in: directory)))
    }

    private init(library: MustacheLibrary, names: Set<String>) {
        self.library = library
        self.names = names
    }

    /// Throws, naming them, if any of `required` (templates the code renders)
    /// is missing.
    public func requireTemplates(_ required: Set<String>) throws {
        let missing = required.subtracting(names).sorted()
        guard missing.isEmpty else {
            throw TemplateLoadError(description: missing.map {
                "Template '\($0).mustache' is used by the code but missing from the templates directory."
            }.joined(separator: "\n"))
        }
    }

    /// An HTML response rendering `template` with `page` inside the layout.
    /// Every rendered page is personal (it carries a CSRF token), so it is
    /// never stored by caches.
    public func page<P: Sendable>(_ template: String, _ page: P, chrome: Chrome,
                                  status: HTTPStatus = .ok) -> HTTPResponse {
        let body = html(template, page, chrome: chrome)
        var response = HTTPResponse(status: body == nil ? .internalServerError : status,
                                    contentType: "text/html; charset=utf-8", text: body ?? Self.missingTemplateBody)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The rendered text, or nil when `template` does not exist (impossible
    /// after start-up checks, unless a name was left off the required list).
    public func html<P: Sendable>(_ template: String, _ page: P, chrome: Chrome) -> String? {
        library.render(PageModel(chrome: chrome, page: page), withTemplate: template)
    }

    private static let missingTemplateBody = """
        <!doctype html><html lang="en"><meta charset="utf-8"><title>Error</title>\
        <p>This page could not be displayed.</p></html>
        """
}

/// What a template renders: the chrome and the page's own model.
struct PageModel<P: Sendable>: Sendable {
    var chrome: Chrome
    var page: P
}
