import Testing
import Logging
@testable import HTTPApp
import HTTPServer
import URLText

@Suite struct RouterTests {
    private func run(_ router: Router<BasicRequestContext>, _ method: HTTPMethod, _ target: String) async throws -> HTTPResponse {
        let request = HTTPRequest(method: method, target: target)
        let context = BasicRequestContext(request: request, requestID: "t", logger: Logger(label: "test"))
        return try await router.responder()(request, context)
    }

    private func echoRouter() -> Router<BasicRequestContext> {
        var router = Router<BasicRequestContext>()
        router.get("/projects/:pid/rooms/:room") { _, context in
            HTTPResponse(contentType: "text/plain", text: "\(context.parameters["pid"]!)|\(context.parameters["room"]!)")
        }
        router.post("/projects/:pid/rooms/:room") { _, _ in HTTPResponse(status: .noContent) }
        router.get("/static/*path") { _, context in
            HTTPResponse(contentType: "text/plain", text: context.parameters["path"]!)
        }
        return router
    }

    @Test func capturesArePercentDecoded() async throws {
        let response = try await run(echoRouter(), .get, "/projects/p1/rooms/team%2Falpha%20room?x=1")
        #expect(String(decoding: response.body, as: UTF8.self) == "p1|team/alpha room")
    }

    @Test func restCapturesTheRemainder() async throws {
        let response = try await run(echoRouter(), .get, "/static/css/app.css")
        #expect(String(decoding: response.body, as: UTF8.self) == "css/app.css")
    }

    @Test func headUsesGetHandler() async throws {
        let response = try await run(echoRouter(), .head, "/projects/p/rooms/r")
        #expect(response.status == .ok)
    }

    @Test func unknownPathIs404() async throws {
        await #expect(throws: HTTPError(.notFound, message: "There is no page at this address.")) {
            _ = try await run(echoRouter(), .get, "/nope")
        }
    }

    @Test func otherMethodIs405WithAllow() async throws {
        do {
            _ = try await run(echoRouter(), .delete, "/projects/p/rooms/r")
            Issue.record("expected 405")
        } catch let error as HTTPError {
            #expect(error.status == .methodNotAllowed)
            #expect(error.headers["Allow"] == "GET, HEAD, POST")
        }
    }

    @Test func invalidUTF8CaptureDoesNotMatch() async throws {
        await #expect(throws: HTTPError.self) {
            _ = try await run(echoRouter(), .get, "/projects/%FF/rooms/r")
        }
    }

    @Test func firstRegisteredRouteWins() async throws {
        var router = Router<BasicRequestContext>()
        router.get("/rooms/new") { _, _ in HTTPResponse(contentType: "text/plain", text: "literal") }
        router.get("/rooms/:room") { _, context in HTTPResponse(contentType: "text/plain", text: context.parameters["room"]!) }
        router.get("/files/*path") { _, context in HTTPResponse(contentType: "text/plain", text: "[" + context.parameters["path"]! + "]") }
        router.get("/files/readme") { _, _ in HTTPResponse(contentType: "text/plain", text: "shadowed") }
        for (target, body) in [("/rooms/new", "literal"), ("/rooms/r1", "r1"), ("/files", "[]"), ("/files/readme", "[readme]"),
                               ("/files/a/b/c/d/e/f/g", "[a/b/c/d/e/f/g]")] {
            let response = try await run(router, .get, target)
            #expect(String(decoding: response.body, as: UTF8.self) == body, "\(target)")
        }
    }

    @Test func matchNamesTheRouteARequestReaches() {
        let match = echoRouter().compiled().match
        let find = { (request: HTTPRequest) in match(request).pattern }
        #expect(find(HTTPRequest(method: .get, target: "/projects/p/rooms/r?x=1")) == "/projects/:pid/rooms/:room")
        #expect(find(HTTPRequest(method: .delete, target: "/projects/p/rooms/r")) == "/projects/:pid/rooms/:room")
        #expect(find(HTTPRequest(method: .get, target: "/static/css/app.css")) == "/static/*path")
        #expect(find(HTTPRequest(method: .get, target: "/projects/p")) == nil)
        #expect(find(HTTPRequest(method: .get, target: "/projects/%FF/rooms/r")) == nil)
    }

    /// The indexed table against the plain rule it replaced: scan every
    /// route in order, the first matching path and method wins, the methods
    /// of those matching only the path are the 405's `Allow`.
    @Test func tableAgreesWithAScanOfEveryRoute() {
        let patterns = ["/", "/a", "/a/:x", "/:x/b", "/a/b", "/a/*rest", "/:x/:y/c", "/a/:x/*rest", "/*all", "/b/b/b/b"]
        let methods: [HTTPMethod] = [.get, .post]
        var routes: [RouteTable.Route] = []
        var generator = SystemRandomNumberGenerator()
        for pattern in patterns {
            for method in methods where Bool.random(using: &generator) {
                routes.append(RouteTable.Route(method: method, pattern: pattern))
            }
        }
        routes.shuffle(using: &generator)
        let table = RouteTable(routes)
        let words = ["a", "b", "c", "%FF", "%61"]
        for _ in 0..<2_000 {
            let path = "/" + (0..<Int.random(in: 0...6, using: &generator)).map { _ in words.randomElement(using: &generator)! }
                .joined(separator: "/")
            let method = [HTTPMethod.get, .head, .post, .delete].randomElement(using: &generator)!
            let expected = Self.scan(routes, path: path, method: method)
            switch table.resolve(path: path, method: method) {
            case .found(let index, let parameters):
                let route = routes[index]
                #expect(expected.found?.pattern == route.pattern && expected.found?.method == route.method
                        && expected.parameters == parameters, "\(method.rawValue) \(path)")
            case .methodNotAllowed(let allowed, let pattern):
                #expect(expected.found == nil && expected.allowed == allowed && expected.firstPattern == pattern, "\(method.rawValue) \(path)")
            case .notFound:
                #expect(expected.found == nil && expected.allowed.isEmpty, "\(method.rawValue) \(path)")
            }
        }
    }

    private static func scan(_ routes: [RouteTable.Route], path: String, method: HTTPMethod)
        -> (found: RouteTable.Route?, parameters: RouteParameters?, allowed: [HTTPMethod], firstPattern: String?) {
        let given = path.split(separator: "/").map(String.init)
        var allowed: [HTTPMethod] = []
        var firstPattern: String?
        for route in routes {
            var parameters = RouteParameters()
            var index = 0
            var matched = true
            for segment in route.segments {
                switch segment {
                case .literal(let text):
                    if index < given.count && given[index] == text { index += 1 } else { matched = false }
                case .capture(let name):
                    if index < given.count, let value = given[index].percentDecoded() { parameters[name] = value; index += 1 } else { matched = false }
                case .rest(let name):
                    let decoded = given[index...].compactMap { $0.percentDecoded() }
                    if decoded.count == given.count - index { parameters[name] = decoded.joined(separator: "/"); index = given.count } else { matched = false }
                }
                if !matched { break }
            }
            guard matched && index == given.count else { continue }
            if route.method == (method == .head ? .get : method) { return (route, parameters, [], nil) }
            allowed.append(route.method)
            firstPattern = firstPattern ?? route.pattern
        }
        return (nil, nil, allowed, firstPattern)
    }
}
