import Foundation
import Testing
import HTTPServer

@Suite struct HTTPDateFormatTests {
    @Test(arguments: [
        (Int64(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT"),
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (Int64(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT"),
        (Int64(1_795_478_399), "Mon, 23 Nov 2026 23:59:59 GMT"),
    ])
    func roundTrip(seconds: Int64, text: String) {
        #expect(HTTPDateFormat.format(seconds) == text)
        #expect(HTTPDateFormat.parse(text) == seconds)
    }

    @Test(arguments: ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 UTC",
                      "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", ""])
    func rejectsOtherForms(text: String) {
        #expect(HTTPDateFormat.parse(text) == nil)
    }

    /// The server's `Date` header comes from the same formatter as the static
    /// files' `Last-Modified`, not from a second copy of the arithmetic.
    @Test func serverClockUsesTheOneFormatter() throws {
        let before = Int64(Date().timeIntervalSince1970)
        let date = SystemServerClock().httpDate()
        let after = Int64(Date().timeIntervalSince1970)
        let seconds = try #require(HTTPDateFormat.parse(date), "\(date)")
        #expect((before...after).contains(seconds))
        #expect(HTTPDateFormat.format(seconds) == date)
    }
}
