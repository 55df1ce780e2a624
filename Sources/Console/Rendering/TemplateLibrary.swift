import Foundation
import Mustache

/// Loads `Templates/` once at start-up and proves it complete: every file
/// parses, every partial or parent a template names exists, and every
/// template the code renders exists. Any failure stops start-up with a
/// message naming the file and position.
enum TemplateLibrary {
    static func load(directory given: String) async throws -> MustacheLibrary {
        // Directory walks do not enter a symlinked root; deployments often use one.
        let directory = resolved(given)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateLoadError(description: "Template directory '\(directory)' does not exist (use --resources DIR).")
        }
        var library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: directory)
        } catch let error as MustacheLibrary.ParserError {
            let file = (directory as NSString).appendingPathComponent(error.filename)
            throw TemplateLoadError(description: """
                Template \(file):\(error.context.lineNumber):\(error.context.columnNumber): \
                \(error.error) near: \(error.context.line.trimmingCharacters(in: .whitespaces))
                """)
        }
        let names = try templateNames(in: directory)
        var problems: [String] = []
        for name in names.sorted() {
            let path = (directory as NSString).appendingPathComponent(name + ".mustache")
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            for reference in references(in: text) where library.getTemplate(named: reference.name) == nil {
                problems.append("Template \(path):\(reference.line): refers to missing template '\(reference.name)'.")
            }
        }
        guard problems.isEmpty else { throw TemplateLoadError(description: problems.joined(separator: "\n")) }
        // Parsed once more with the scalar-safe HTML escaper (see ScalarHTMLContentType).
        ScalarHTMLContentType.register()
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name + ".mustache")
            try library.register(ScalarHTMLContentType.pragma + String(contentsOfFile: path, encoding: .utf8), named: name)
        }
        return library
    }

    /// Names of all templates under `directory`, as the library registers them.
    static func templateNames(in directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: resolved(directory)) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }
            .map { String($0.dropLast(".mustache".count)) }
    }

    static func resolved(_ directory: String) -> String {
        URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
    }

    /// Partials (`{{> name}}`) and parents (`{{< name}}`) a template names, with
    /// their line numbers. Dynamic names (`{{>*x}}`) are skipped.
    static func references(in text: String) -> [(name: String, line: Int)] {
        var found: [(String, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                guard let first = rest.first, first == ">" || first == "<" else { continue }
                guard let close = rest.range(of: "}}") else { break }
                let name = rest[rest.index(after: rest.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty, !name.hasPrefix("*") { found.append((name, index + 1)) }
                rest = rest[close.upperBound...]
            }
        }
        return found
    }
}

/// Why the templates could not be used. The description names the file and
/// position and is printed as is when start-up stops.
public struct TemplateLoadError: Error, CustomStringConvertible {
    public var description: String
}
