import HTTPApp
import HTTPServer
import Logging
import Testing

@Suite struct LogEscapingTests {
    @Test func controlAndInvisibleCharactersAreEscaped() {
        #expect(LogEscaping.escaped("plain text: /projects/p1?x=1") == "plain text: /projects/p1?x=1")
        #expect(LogEscaping.escaped("a\r\nb\tc") == #"a\r\nb\tc"#)
        #expect(LogEscaping.escaped("\u{1b}[31mred\u{7f}\u{0}") == #"\u{1B}[31mred\u{7F}\u{0}"#)
        // A literal backslash-n must not read as an escaped newline.
        #expect(LogEscaping.escaped(#"x\n"#) == #"x\\n"#)
        // Bidi overrides, line separators, odd spaces; visible non-ASCII text stays.
        #expect(LogEscaping.escaped("a\u{202E}b\u{2028}c\u{85}d\u{A0}") == #"a\u{202E}b\u{2028}c\u{85}d\u{A0}"#)
        #expect(LogEscaping.escaped("élan 日本 ü@x €") == "élan 日本 ü@x €")
    }

    /// Every message and metadata value (the logger's own, per call, nested)
    /// reaches the line-writing handler escaped.
    @Test func theHandlerEscapesEverythingItPassesOn() throws {
        let recorder = LogRecorder()
        var logger = Logger(label: "t") { _ in EscapingLogHandler(RecordingLogHandler(recorder: recorder)) }
        logger.logLevel = .trace
        logger[metadataKey: "user"] = "eve\n2026-12-01 critical : forged"
        logger.notice("sign-in failed\r\nfake line", metadata: [
            "account": "admin\u{1b}]0;pwned\u{7}",
            "list": ["a\nb"],
            "nested": ["k\n": "v\r"],
            "described": .stringConvertible(FakeDescription()),
        ])
        let record = try #require(recorder.records.first)
        #expect(record.message == #"sign-in failed\r\nfake line"#)
        #expect(record.metadata["user"] == .string(#"eve\n2026-12-01 critical : forged"#))
        #expect(record.metadata["account"] == .string(#"admin\u{1B}]0;pwned\u{7}"#))
        #expect(record.metadata["list"] == .array([.string(#"a\nb"#)]))
        #expect(record.metadata["nested"] == .dictionary([#"k\n"#: .string(#"v\r"#)]))
        #expect(record.metadata["described"] == .string(#"two\nlines"#))
        let everything = record.message + record.metadata.description
        #expect(!everything.contains("\n") && !everything.contains("\r") && !everything.contains("\u{1b}"))
    }

    /// A request path with control characters (as a raw target might carry)
    /// reaches the request log escaped, through the same handler.
    @Test func requestPathsCannotForgeLines() async throws {
        let recorder = LogRecorder()
        let logger = Logger(label: "t") { _ in EscapingLogHandler(RecordingLogHandler(recorder: recorder)) }
        _ = try await RequestLogMiddleware<BasicRequestContext>().handle(
            HTTPRequest(method: .get, target: "/a\r\nINFO fake\u{1b}[31m"),
            context: BasicRequestContext(request: HTTPRequest(method: .get, target: "/"), requestID: "r", logger: logger),
            next: Next { _, _ in HTTPResponse(status: .noContent) })
        let message = try #require(recorder.records.first?.message)
        #expect(message.hasPrefix(#"GET /a\r\nINFO fake\u{1B}[31m 204 0B "#), "\(message)")
    }
}

private struct FakeDescription: CustomStringConvertible, Sendable {
    var description: String { "two\nlines" }
}
