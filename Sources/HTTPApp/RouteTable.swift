import HTTPServer
import URLText

/// A router's routes, arranged so that finding the one a request reaches
/// looks only at the routes that could match it: every request is resolved
/// here (once, see `MatchedRoute`), so a scan of every route, each decoding
/// its captures, was a fixed cost of even the smallest response.
///
/// A route without a `*rest` segment can only match a path with exactly as
/// many segments as it has; a route with one needs at least as many as come
/// before it. Candidates are kept per segment count, in registration order,
/// so the first registered route that matches still wins. A route's literal
/// segments are compared before any capture is decoded.
///
/// Not generic over the request context (the router keeps the handlers):
/// generic code called across modules ran unspecialised, looking up type
/// metadata for every segment it compared.
struct RouteTable: Sendable {
    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: String
        let segments: [Segment]

        init(method: HTTPMethod, pattern: String) {
            self.method = method
            self.pattern = pattern
            segments = RouteTable.segments(of: pattern).map { raw in
                if raw.hasPrefix(":") { return .capture(String(raw.dropFirst())) }
                if raw.hasPrefix("*") { return .rest(String(raw.dropFirst())) }
                return .literal(String(raw))
            }
        }

        var hasRest: Bool { segments.last?.isRest == true }
        /// The segments before a `*rest`, or all of them.
        var fixedCount: Int { hasRest ? segments.count - 1 : segments.count }
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case capture(String)
        case rest(String)

        var isRest: Bool {
            if case .rest = self { return true }
            return false
        }
    }

    /// What a request reaches.
    enum Resolution: Sendable {
        /// The index of the first route, in registration order, matching
        /// path and method.
        case found(Int, RouteParameters)
        /// Routes match the path, with other methods; `pattern` is the first's.
        case methodNotAllowed(allowed: [HTTPMethod], pattern: String)
        case notFound
    }

    let routes: [Route]
    /// Indices of the routes a path with n segments may match, for every n up
    /// to the longest fixed part; a longer path may match only `restRoutes`.
    private let candidatesBySegmentCount: [[Int]]
    private let restRoutes: [Int]

    init(_ routes: [Route]) {
        self.routes = routes
        let longest = routes.map(\.fixedCount).max() ?? 0
        candidatesBySegmentCount = (0...longest).map { count in
            routes.indices.filter { index in
                routes[index].hasRest ? routes[index].fixedCount <= count : routes[index].fixedCount == count
            }
        }
        restRoutes = routes.indices.filter { routes[$0].hasRest }
    }

    func resolve(path: String, method requested: HTTPMethod) -> Resolution {
        let path = Self.segments(of: path)
        let method = requested == .head ? HTTPMethod.get : requested
        let candidates = path.count < candidatesBySegmentCount.count ? candidatesBySegmentCount[path.count] : restRoutes
        var allowed: [HTTPMethod] = []
        var firstPattern: String?
        for index in candidates {
            let route = routes[index]
            guard Self.literalsMatch(route.segments, path), let parameters = Self.captures(route.segments, path) else {
                continue
            }
            if route.method == method { return .found(index, parameters) }
            allowed.append(route.method)
            firstPattern = firstPattern ?? route.pattern
        }
        guard let firstPattern else { return .notFound }
        return .methodNotAllowed(allowed: allowed, pattern: firstPattern)
    }

    /// A pattern or path split at `/`, empty segments dropped. Split over
    /// bytes: splitting a `String` at a `Character` walks grapheme clusters.
    static func segments(of path: String) -> [Substring] {
        var segments: [Substring] = []
        var start = path.utf8.startIndex
        for index in path.utf8.indices where path.utf8[index] == UInt8(ascii: "/") {
            if start < index { segments.append(path[start..<index]) }
            start = path.utf8.index(after: index)
        }
        if start < path.utf8.endIndex { segments.append(path[start...]) }
        return segments
    }

    /// Whether every literal segment equals the path's segment in its place
    /// (the candidate lists already guarantee the segment count). Lengths
    /// first: most literals differ from the segment in their place, and a
    /// `Substring` compared with a `String` takes the slow comparison.
    private static func literalsMatch(_ pattern: [Segment], _ path: [Substring]) -> Bool {
        for index in pattern.indices {
            if case .literal(let text) = pattern[index],
               path[index].utf8.count != text.utf8.count || path[index] != text { return false }
        }
        return true
    }

    /// The percent-decoded captures, or nil when one does not decode to
    /// valid UTF-8 (then the route does not match).
    private static func captures(_ pattern: [Segment], _ path: [Substring]) -> RouteParameters? {
        var parameters = RouteParameters()
        for index in pattern.indices {
            switch pattern[index] {
            case .literal:
                continue
            case .capture(let name):
                guard let decoded = String(path[index]).percentDecoded() else { return nil }
                parameters[name] = decoded
            case .rest(let name):
                let remainder = path[index...].compactMap { String($0).percentDecoded() }
                guard remainder.count == path.count - index else { return nil }
                parameters[name] = remainder.joined(separator: "/")
            }
        }
        return parameters
    }
}
