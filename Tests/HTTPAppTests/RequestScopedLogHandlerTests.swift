import Testing
import Logging
@testable import HTTPApp

/// A request's logger: `request.id` on every line without being stored in
/// the shared handler, and metadata added later still reaching the lines.
@Suite struct RequestScopedLogHandlerTests {
    @Test func linesCarryTheRequestIDAndMetadataAddedLater() {
        let recorder = LogRecorder()
        let shared = Logger(label: "test") { _ in RecordingLogHandler(recorder: recorder) }
        var logger = shared
        logger.handler = RequestScopedLogHandler(logger.handler, requestID: "abc")
        logger[metadataKey: "user"] = "ada"
        logger.info("one")
        logger.info("two", metadata: ["user": "grace", "extra": "x"])
        shared.info("outside")

        let records = recorder.records
        #expect(records.count == 3)
        #expect(records[0].metadata == ["request.id": "abc", "user": "ada"])
        #expect(records[1].metadata == ["request.id": "abc", "user": "grace", "extra": "x"])
        #expect(records[2].metadata.isEmpty, "the shared handler was not changed")
        #expect(logger[metadataKey: "request.id"] == "abc")
        #expect(logger.handler.metadata == ["request.id": "abc", "user": "ada"])
    }
}
