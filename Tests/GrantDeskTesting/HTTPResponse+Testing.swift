import HTTPServer

/// Reading the console's responses the way a browser would.
extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The value of cookie `name` set by this response, if any.
    func cookie(_ name: String) -> String? {
        setCookie(name).map { header in
            let first = header.split(separator: ";", maxSplits: 1)[0]
            return String(first.dropFirst(name.count + 1))
        }
    }

    /// The whole `Set-Cookie` header for cookie `name`.
    func setCookie(_ name: String) -> String? {
        headers.values("Set-Cookie").first { $0.hasPrefix(name + "=") }
    }

    /// The value of the first hidden `csrf` field in the page.
    var csrfToken: String? { HTMLForm.csrfToken(in: text) }

    /// Every form field of the page (inputs, checked boxes/radios, selected
    /// options, textareas), in document order, as a browser would submit the
    /// first form whose action matches `action`.
    func formFields(action: String? = nil) -> [(String, String)] {
        HTMLForm.fields(in: text, action: action)
    }
}
