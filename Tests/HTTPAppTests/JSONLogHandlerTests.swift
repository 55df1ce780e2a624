import Foundation
import Logging
import Testing
@testable import HTTPApp

/// `GRANTDESK_LOG_FORMAT=json` lines: one parseable object per line whatever
/// the message and metadata carry, with the request id lifted to the top.
@Suite struct JSONLogHandlerTests {
    private func parse(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n") && !line.contains("\u{2028}"))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func aLineCarriesTimeLevelMessageRequestIDAndMetadata() throws {
        let line = JSONLogHandler.line(time: "2026-12-02T04:30:00.123Z", level: .warning, label: "grantdesk",
                                       message: "upstream slow", metadata: [
                                           "request.id": "0123456789abcdef", "upstream.status": "503",
                                           "nested": .dictionary(["b": "2", "a": .array(["x"])]),
                                       ])
        #expect(line == #"{"time":"2026-12-02T04:30:00.123Z","level":"warning","message":"upstream slow","request_id":"0123456789abcdef","label":"grantdesk","metadata":{"nested":{"a":["x"],"b":"2"},"upstream.status":"503"}}"#)
        let object = try parse(line)
        #expect(object["request_id"] as? String == "0123456789abcdef")
    }

    @Test func hostileTextCannotEndTheLineOrBreakTheObject() throws {
        let hostile = "eve\"}\n{\"level\":\"critical\"\r\u{2028}\u{0}\u{1B}[2J\\"
        let line = JSONLogHandler.line(time: "t", level: .info, label: "l", message: hostile,
                                       metadata: [hostile: .string(hostile)])
        let object = try parse(line)
        #expect(object["message"] as? String == hostile)
        #expect((object["metadata"] as? [String: String])?[hostile] == hostile)
        #expect(object["level"] as? String == "info")
    }

    @Test func timesAreUTCWithMilliseconds() {
        let now = JSONLogHandler.now()
        #expect(now.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil, "\(now)")
    }
}
