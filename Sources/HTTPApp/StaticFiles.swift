public import HTTPServer

/// Serves the files of one directory under a URL prefix (`/static/`), all
/// loaded into memory once at start-up.
///
/// Safety comes from never touching the file system per request: a URL can
/// only name a file that was accepted at load time (a regular file, no
/// dotfile on its path, resolved inside the root; see `FileTree`). Paths
/// with `..`, `.`-segments, encoded slashes or backslashes, NUL, empty
/// segments or invalid escapes are rejected before the lookup. Anything not
/// found is a 404; a method other than GET/HEAD under the prefix is a 405.
///
/// Caching: `Cache-Control: no-cache` by default. Asset URLs carry no
/// content hash, so a long `max-age` would let browsers run stale JS/CSS
/// against fresh HTML for up to that long after an upgrade; with `no-cache`
/// they revalidate on each use, which the strong ETag makes a bodiless 304.
///
/// Compressible files get a gzip copy made once at load (level 9), sent
/// with `Content-Encoding: gzip` to clients that accept it and a distinct
/// ETag, plus `Vary: Accept-Encoding`.
public struct StaticFiles<Context: RequestContext>: Middleware {
    private let prefix: String
    private let cacheControl: String
    private let assets: [String: StaticAsset]

    /// Loads every servable file under `directory`.
    ///
    /// - Parameters:
    ///   - urlPrefix: must start and end with `/`.
    ///   - cacheControl: the `Cache-Control` value for every asset.
    ///   - maximumTotalBytes: refuse to start rather than hold more than this in memory.
    /// - Throws: `StaticFilesError` when the directory is missing, unreadable or too large.
    public init(
        directory: String,
        urlPrefix: String = "/static/",
        cacheControl: String = "no-cache",
        maximumTotalBytes: Int = 64 << 20
    ) throws(StaticFilesError) {
        precondition(urlPrefix.hasPrefix("/") && urlPrefix.hasSuffix("/"), "urlPrefix must start and end with /")
        prefix = urlPrefix
        self.cacheControl = cacheControl
        var assets: [String: StaticAsset] = [:]
        for file in try FileTree.load(root: directory, maximumTotalBytes: maximumTotalBytes) {
            do {
                assets[file.relativePath] = try StaticAsset(file: file)
            } catch {
                throw .compressionFailed(path: file.relativePath)
            }
        }
        self.assets = assets
    }

    /// The URL paths (without the prefix) of every loaded file, sorted.
    public var paths: [String] { assets.keys.sorted() }

    public nonisolated(nonsending) func handle(_ request: HTTPRequest, context: Context, next: Next<Context>) async throws -> HTTPResponse {
        guard request.path.hasPrefix(prefix) else { return try await next(request, context) }
        guard request.method == .get || request.method == .head else {
            throw HTTPError(.methodNotAllowed, message: "Static files can only be fetched.", headers: ["Allow": "GET, HEAD"])
        }
        guard let key = Self.lookupKey(String(request.path.dropFirst(prefix.count))), let asset = assets[key] else {
            throw HTTPError(.notFound, message: "There is no file at this address.")
        }
        return response(for: asset, request: request)
    }

    /// The asset key a raw (percent-encoded) URL remainder names, or nil when
    /// any segment is empty, starts with a dot, holds a backslash or NUL
    /// (literal or escaped), has an escaped `/`, a malformed escape, or is not
    /// UTF-8. One pass over the bytes: this runs for every asset request.
    static func lookupKey(_ remainder: String) -> String? {
        var key: [UInt8] = []
        key.reserveCapacity(remainder.utf8.count)
        var segmentStart = true
        var bytes = remainder.utf8.makeIterator()
        while var byte = bytes.next() {
            if byte == UInt8(ascii: "/") {
                guard !segmentStart else { return nil }  // empty segment
                key.append(byte)
                segmentStart = true
                continue
            }
            if byte == UInt8(ascii: "%") {
                guard let high = bytes.next().flatMap(hexDigit), let low = bytes.next().flatMap(hexDigit) else { return nil }
                byte = high << 4 | low
                guard byte != UInt8(ascii: "/") else { return nil }
            }
            guard byte != UInt8(ascii: "\\"), byte != 0, !(segmentStart && byte == UInt8(ascii: ".")) else { return nil }
            key.append(byte)
            segmentStart = false
        }
        guard !segmentStart else { return nil }  // empty remainder or trailing slash
        return String(validating: key, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private func response(for asset: StaticAsset, request: HTTPRequest) -> HTTPResponse {
        let useGzip = asset.gzipBody != nil && AcceptEncoding.allowsGzip(request.headers)
        var headers = HTTPHeaders()
        headers.add("ETag", useGzip ? asset.gzipETag : asset.etag)
        headers.add("Last-Modified", asset.lastModified)
        headers.add("Cache-Control", cacheControl)
        if asset.varies { headers.add("Vary", "Accept-Encoding") }
        if isNotModified(asset, request.headers) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        headers.add("Content-Type", asset.contentType)
        if useGzip, let gzipBody = asset.gzipBody {
            headers.add("Content-Encoding", "gzip")
            return HTTPResponse(status: .ok, headers: headers, body: gzipBody)
        }
        return HTTPResponse(status: .ok, headers: headers, body: asset.body)
    }

    /// RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since.
    private func isNotModified(_ asset: StaticAsset, _ headers: HTTPHeaders) -> Bool {
        let ifNoneMatch = headers.values("If-None-Match")
        if !ifNoneMatch.isEmpty {
            return ifNoneMatch.contains { asset.matches(ifNoneMatch: $0) }
        }
        if let since = headers["If-Modified-Since"], let seconds = HTTPDateFormat.parse(since) {
            return asset.modifiedSeconds <= seconds
        }
        return false
    }
}
