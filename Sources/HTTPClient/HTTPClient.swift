import Foundation

/// Outbound HTTP with deadlines, size caps and redirect rules we enforce.
///
/// Built on libcurl directly rather than URLSession: on Linux URLSession
/// rounds timeouts to whole seconds, does not enforce the resource timeout,
/// and queues the body for its delegate without back-pressure (a 50 MB
/// answer is read into memory before a cancel lands). libcurl gives a real
/// connect deadline and a whole-call deadline in milliseconds, and delivers
/// the body synchronously in small pieces, so the size cap bounds memory.
///
/// Each exchange blocks one dedicated thread while the calling task awaits
/// it; cancelling the task stops the exchange. Redirects are followed only
/// within the same origin (scheme, host and port), at most three hops.
/// Reads are repeated (at most `maxReadRetries` times) only when no
/// connection could be made; writes never are.
public final class HTTPClient: Sendable {
    /// The limits every call obeys.
    public let configuration: HTTPClientConfiguration

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// - Parameter timeout: overrides the configured whole-call deadline.
    /// - Throws: `HTTPClientError` when no complete response arrived in time and under the cap.
    public func execute(_ request: HTTPClientRequest, timeout: Duration? = nil) async throws(HTTPClientError) -> HTTPClientResponse {
        guard let origin = Origin(request.url) else { throw .invalidURL }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout ?? configuration.requestTimeout)
        var current = request
        var attempt = 0
        var hops = 0
        while true {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timeout }
            switch await exchange(current, within: remaining) {
            case .success(let response):
                guard (300..<400).contains(response.status), response.status != 304, let location = response.redirectURL else {
                    return HTTPClientResponse(status: response.status, headers: response.headers, body: response.body)
                }
                guard Origin(location) == origin, hops < 3 else { throw .redirectRefused(location: location) }
                hops += 1
                current.url = location
                if response.status == 303 || (response.status != 307 && response.status != 308 && current.method == "POST") {
                    current.method = "GET"
                    current.body = nil
                }
            case .failure(let failure)
                where failure.neverConnected && current.isIdempotentRead && attempt < configuration.maxReadRetries:
                attempt += 1
                // A short pause lets a restarting upstream come back; never past the deadline.
                try? await Task.sleep(for: min(.milliseconds(100 * attempt), clock.now.duration(to: deadline)))
                if Task.isCancelled { throw .cancelled }
            case .failure(let failure):
                throw failure.error
            }
        }
    }

    private func exchange(_ request: HTTPClientRequest, within budget: Duration) async -> Result<CurlResponse, CurlFailure> {
        let transfer: CurlTransfer
        do {
            transfer = try CurlTransfer(
                method: request.method, url: request.url, headers: request.headers, body: request.body,
                connectTimeout: min(configuration.connectTimeout, budget), totalTimeout: budget,
                limit: configuration.maxResponseBytes, trustedCertificatesPath: configuration.trustedCertificatesPath
            )
        } catch {
            return .failure(CurlFailure(error: error, neverConnected: false))
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread { continuation.resume(returning: transfer.perform()) }
                thread.name = "grantdesk.http-client"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }
}

/// Scheme, host and port of a URL: what must match for a redirect to be followed.
struct Origin: Hashable {
    let scheme: String
    let host: String
    let port: Int

    init?(_ text: String) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }
}
