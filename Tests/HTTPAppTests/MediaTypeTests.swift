import Testing
import HTTPApp

@Suite struct MediaTypeTests {
    @Test(arguments: [
        (" Text/HTML ; charset=x", true, true),
        ("text/plain", true, true),
        ("application/JSON", true, true),
        ("application/problem+json; charset=utf-8", true, true),
        ("application/javascript", true, true),
        ("image/svg+xml", true, false),
        ("application/atom+xml", true, false),
        ("image/png", false, false),
        ("font/woff2", false, false),
        ("application/jsonx", false, false),
        ("textual/plain", false, false),
        ("", false, false),
    ])
    func classification(type: String, compressible: Bool, textual: Bool) {
        #expect(MediaType.isCompressible(type) == compressible)
        #expect(MediaType.isTextual(type) == textual)
    }

    @Test(arguments: [
        ("text/html; charset=utf-8", true), ("text/html;CHARSET=utf-8", true), ("text/html;\tcharset=x", true),
        ("text/html", false), ("text/html; format=flowed", false), ("text/charset=x", false),
        ("text/plain; format=flowed; charset=x", true), ("text/plain; charse", false), ("text/plain;", false),
    ])
    func charsetDetection(type: String, expected: Bool) {
        #expect(MediaType.hasCharset(type) == expected)
    }

    @Test func essenceIsLowercasedWithoutParameters() {
        #expect(MediaType.essence(of: " Text/HTML ; charset=utf-8") == "text/html")
    }
}
