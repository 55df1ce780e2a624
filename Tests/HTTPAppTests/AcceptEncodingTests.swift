import Testing
import HTTPApp
import HTTPServer

@Suite struct AcceptEncodingTests {
    @Test(arguments: [
        ("gzip", true),
        ("gzip, deflate, br", true),
        ("GZIP", true),
        ("x-gzip", true),
        ("br;q=1.0, gzip;q=0.8", true),
        ("gzip;q=0", false),
        ("gzip; q=0.000", false),
        ("*", true),
        ("*;q=0", false),
        ("*, gzip;q=0", false),
        ("gzip;q=0, *", false),
        ("deflate, br", false),
        ("identity", false),
        ("gzip;q=2", false),
        ("gzip;q=abc", false),
        ("gzip;q=0.5", true),
        ("", false),
    ])
    func negotiation(value: String, expected: Bool) {
        #expect(AcceptEncoding.allowsGzip(["Accept-Encoding": value]) == expected)
    }

    @Test func missingHeaderMeansNoGzip() {
        #expect(!AcceptEncoding.allowsGzip(HTTPHeaders()))
    }

    @Test func repeatedHeadersCombine() {
        var headers = HTTPHeaders()
        headers.add("Accept-Encoding", "br")
        headers.add("Accept-Encoding", "gzip")
        #expect(AcceptEncoding.allowsGzip(headers))
    }
}
