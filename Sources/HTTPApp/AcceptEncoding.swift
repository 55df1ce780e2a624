public import HTTPServer

/// Content negotiation on `Accept-Encoding` (RFC 9110 §12.5.3).
public enum AcceptEncoding {
    /// Whether the request accepts a gzip-coded response.
    ///
    /// An explicit `gzip` (or its alias `x-gzip`) decides by its q-value, so
    /// `gzip;q=0` refuses gzip even when `*` is present; otherwise `*` with
    /// a non-zero q-value accepts it. Elements with malformed q-values are
    /// ignored, and no header at all means no gzip.
    public static func allowsGzip(_ headers: HTTPHeaders) -> Bool {
        var gzipQuality: Double?
        var wildcardQuality: Double?
        for value in headers.values("Accept-Encoding") {
            for element in value.split(separator: ",") {
                var parts = element.split(separator: ";").map { $0.trimmingASCIIWhitespace() }
                guard !parts.isEmpty else { continue }
                let coding = parts.removeFirst().lowercased()
                guard let quality = quality(of: parts) else { continue }
                switch coding {
                case "gzip", "x-gzip": gzipQuality = max(gzipQuality ?? 0, quality)
                case "*": wildcardQuality = max(wildcardQuality ?? 0, quality)
                default: break
                }
            }
        }
        if let gzipQuality { return gzipQuality > 0 }
        return (wildcardQuality ?? 0) > 0
    }

    /// The q parameter (1 when absent), or nil when it is malformed.
    private static func quality(of parameters: [String]) -> Double? {
        for parameter in parameters {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingASCIIWhitespace() }
            guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
            // RFC 9110 qvalue: "0" or "1" optionally followed by up to three decimals.
            let text = pair[1]
            guard text.count <= 5, let first = text.first, first == "0" || first == "1",
                  let value = Double(text), (0...1).contains(value) else { return nil }
            return value
        }
        return 1
    }
}
