import CryptoPrimitives
import Gzip
import HTTPServer

/// One file held in memory with everything needed to answer for it:
/// computed once at start-up, shared read-only by every request.
struct StaticAsset: Sendable {
    let contentType: String
    let body: [UInt8]
    /// A gzip copy, present only when the type compresses and it is smaller.
    let gzipBody: [UInt8]?
    /// Strong validator of the identity body: 128 bits of its SHA-256.
    let etag: String
    /// The validator of the gzip body (a different representation).
    let gzipETag: String
    let lastModified: String
    let modifiedSeconds: Int64
    let varies: Bool

    /// Files smaller than this are not worth a gzip copy.
    static let gzipThreshold = 256

    init(file: FileTree.File) throws(GzipError) {
        contentType = MediaType.forFileName(file.relativePath)
        body = file.contents
        let digest = Hex.encode(Array(SHA256.hash(file.contents).prefix(16)))
        etag = "\"\(digest)\""
        gzipETag = "\"\(digest)-gzip\""
        lastModified = HTTPDateFormat.format(file.modified)
        modifiedSeconds = file.modified
        varies = MediaType.isCompressible(contentType)
        if varies, file.contents.count >= Self.gzipThreshold {
            // Level 9: compressed once at start-up, so spend the CPU for the smallest copy.
            let compressed = try Gzip.compress(file.contents, level: 9)
            gzipBody = compressed.count < file.contents.count ? compressed : nil
        } else {
            gzipBody = nil
        }
    }

    /// Whether an `If-None-Match` value names either representation. Uses
    /// the weak comparison RFC 9110 §13.1.2 prescribes for this header.
    func matches(ifNoneMatch value: String) -> Bool {
        for candidate in value.split(separator: ",") {
            var tag = candidate.trimmingASCIIWhitespace()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == etag || tag == gzipETag { return true }
        }
        return false
    }
}
