import Foundation

/// Just enough HTML form reading for tests to submit the editor's pages the
/// way a browser would: successful controls of one form, in document order.
enum HTMLForm {
    /// The value of the first hidden `csrf` field in a page.
    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func fields(in html: String, action: String?) -> [(String, String)] {
        guard let form = formBody(in: html, action: action) else { return [] }
        var fields: [(String, String)] = []
        let tag = try! NSRegularExpression(pattern: #"<(input|textarea|select)\b([^>]*)>"#, options: [.caseInsensitive])
        let text = form as NSString
        var position = 0
        while let match = tag.firstMatch(in: form, range: NSRange(location: position, length: text.length - position)) {
            let kind = text.substring(with: match.range(at: 1)).lowercased()
            let attributes = Self.attributes(text.substring(with: match.range(at: 2)))
            position = match.range.location + match.range.length
            guard let name = attributes["name"], attributes["disabled"] == nil else { continue }
            switch kind {
            case "input":
                let type = attributes["type"]?.lowercased() ?? "text"
                switch type {
                case "checkbox", "radio":
                    if attributes["checked"] != nil { fields.append((name, attributes["value"] ?? "on")) }
                case "submit", "button", "image", "reset":
                    break
                default:
                    fields.append((name, attributes["value"] ?? ""))
                }
            case "textarea":
                let end = text.range(of: "</textarea>", options: .caseInsensitive,
                                      range: NSRange(location: position, length: text.length - position))
                var content = text.substring(with: NSRange(location: position, length: end.location - position))
                if content.hasPrefix("\n") { content.removeFirst() }
                fields.append((name, unescape(content)))
                position = end.location + end.length
            default:
                let end = text.range(of: "</select>", options: .caseInsensitive,
                                      range: NSRange(location: position, length: text.length - position))
                let options = text.substring(with: NSRange(location: position, length: end.location - position))
                fields.append((name, selectedOption(options)))
                position = end.location + end.length
            }
        }
        return fields
    }

    private static func formBody(in html: String, action: String?) -> String? {
        var rest = html[...]
        while let start = rest.range(of: "<form") {
            guard let close = rest[start.upperBound...].range(of: ">"),
                  let end = rest[close.upperBound...].range(of: "</form>") else { return nil }
            let attributes = Self.attributes(String(rest[start.upperBound..<close.lowerBound]))
            if action == nil || attributes["action"] == action {
                return String(rest[close.upperBound..<end.lowerBound])
            }
            rest = rest[end.upperBound...]
        }
        return nil
    }

    private static func selectedOption(_ options: String) -> String {
        let option = try! NSRegularExpression(pattern: #"<option\b([^>]*)>"#, options: [.caseInsensitive])
        let matches = option.matches(in: options, range: NSRange(location: 0, length: (options as NSString).length))
        let all = matches.map { attributes((options as NSString).substring(with: $0.range(at: 1))) }
        let chosen = all.first { $0["selected"] != nil } ?? all.first
        return chosen?["value"] ?? ""
    }

    static func attributes(_ text: String) -> [String: String] {
        let pattern = try! NSRegularExpression(pattern: #"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?"#)
        var result: [String: String] = [:]
        let ns = text as NSString
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: match.range(at: 1)).lowercased()
            let value = match.range(at: 2).location == NSNotFound ? "" : unescape(ns.substring(with: match.range(at: 2)))
            if result[name] == nil { result[name] = value }
        }
        return result
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[amp...]
            guard let semi = after.firstIndex(of: ";"), after.distance(from: amp, to: semi) < 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = String(after[after.index(after: amp)..<semi])
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
            if let value = named[entity] {
                out += value
            } else if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16),
                      let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
            } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "&" + entity + ";"
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}

extension Array where Element == (String, String) {
    /// The fields with `name` set to `value` (replacing every earlier value).
    func setting(_ name: String, _ value: String?) -> [(String, String)] {
        var copy = filter { $0.0 != name }
        if let value { copy.append((name, value)) }
        return copy
    }

    func value(_ name: String) -> String? { first { $0.0 == name }?.1 }
}
