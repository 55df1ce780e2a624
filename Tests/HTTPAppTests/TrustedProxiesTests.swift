import HTTPApp
import HTTPServer
import Testing

@Suite struct TrustedProxiesTests {
    @Test func parsesIPv4AndIPv6Networks() throws {
        let v4 = try #require(IPNetwork("10.0.0.0/8"))
        #expect(v4.contains(try #require(IPAddress("10.200.3.4"))))
        #expect(!v4.contains(try #require(IPAddress("11.0.0.1"))))
        let v6 = try #require(IPNetwork("2001:db8::/32"))
        #expect(v6.contains(try #require(IPAddress("2001:db8:1::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db9::1"))))
        // Families never match each other; a bare address is one host.
        #expect(!v6.contains(try #require(IPAddress("10.0.0.1"))))
        let host = try #require(IPNetwork("192.0.2.7"))
        #expect(host.prefixLength == 32)
        #expect(!host.contains(try #require(IPAddress("192.0.2.8"))))
        #expect(IPNetwork("::1")?.prefixLength == 128)
        // A dual-stack socket reports IPv4 clients as mapped IPv6.
        #expect(host.contains(try #require(IPAddress("::ffff:192.0.2.7"))))
        #expect(IPNetwork("::ffff:192.0.2.0/120")?.description == "192.0.2.0/24")
        for bad in ["", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/", "example.com", "10.0.0.256", "1.2.3.4/8x"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
        #expect(throws: TrustedProxies.InvalidNetwork.self) { try TrustedProxies(parsing: ["127.0.0.1", "nonsense"]) }
    }

    func client(_ trusted: [String], peer: String, _ forwarded: [String]) throws -> String {
        var headers = HTTPHeaders()
        for value in forwarded { headers.add("X-Forwarded-For", value) }
        let request = HTTPRequest(method: .get, target: "/", headers: headers,
                                  connection: ConnectionInfo(remoteAddress: peer))
        return try TrustedProxies(parsing: trusted).clientAddress(of: request)
    }

    @Test func readsForwardedForFromTheRightThroughTrustedHopsOnly() throws {
        // Nobody trusted, or an untrusted peer: the header is ignored.
        #expect(try client([], peer: "127.0.0.1", ["203.0.113.9"]) == "127.0.0.1")
        #expect(try client(["127.0.0.1"], peer: "10.0.0.5", ["203.0.113.9"]) == "10.0.0.5")
        // The first untrusted hop from the right is the client; what it claimed before is not believed.
        #expect(try client(["127.0.0.1"], peer: "127.0.0.1", ["203.0.113.9"]) == "203.0.113.9")
        #expect(try client(["127.0.0.1", "10.0.0.0/8"], peer: "127.0.0.1",
                           ["198.51.100.1, 203.0.113.9, 10.1.1.1"]) == "203.0.113.9")
        // Several header lines are one list, in order.
        #expect(try client(["127.0.0.1", "10.0.0.0/8"], peer: "127.0.0.1",
                           ["198.51.100.1", "203.0.113.9", " 10.1.1.1 "]) == "203.0.113.9")
        // IPv6, mapped peers, ports and brackets; canonical text out.
        #expect(try client(["fd00::/8"], peer: "fd00::1", ["2001:DB8:0::5"]) == "2001:db8::5")
        #expect(try client(["127.0.0.1"], peer: "::ffff:127.0.0.1", ["203.0.113.9:4711"]) == "203.0.113.9")
        #expect(try client(["127.0.0.1"], peer: "127.0.0.1", ["[2001:db8::5]:443"]) == "2001:db8::5")
        // Garbage stops the walk at the last good hop; every hop trusted leaves the leftmost.
        #expect(try client(["127.0.0.1"], peer: "127.0.0.1", ["203.0.113.9, bogus\r\n"]) == "127.0.0.1")
        #expect(try client(["127.0.0.1"], peer: "127.0.0.1", [""]) == "127.0.0.1")
        #expect(try client(["10.0.0.0/8"], peer: "10.0.0.1", ["10.0.0.3, 10.0.0.2"]) == "10.0.0.3")
    }

    /// The application puts the resolved address into the context, and the
    /// request log line names it.
    @Test func theRequestLogNamesTheClientBehindTheProxy() async throws {
        let recorder = LogRecorder()
        var router = Router<BasicRequestContext>()
        router.get("/where") { _, context in HTTPResponse(contentType: "text/plain", text: context.clientAddress) }
        let app = Application(router: router, middleware: [RequestLogMiddleware()], logger: recorder.logger(),
                              trustedProxies: try TrustedProxies(parsing: ["127.0.0.1"]))
        let response = await app.respond(to: HTTPRequest(method: .get, target: "/where",
                                                         headers: ["X-Forwarded-For": "203.0.113.9"],
                                                         connection: ConnectionInfo(remoteAddress: "127.0.0.1")))
        #expect(text(response) == "203.0.113.9")
        #expect(recorder.records.first?.message.hasSuffix("ms from 203.0.113.9") == true,
                "\(recorder.records.map(\.message))")
    }
}
