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
/// it; cancelling the task stops the exchange. At most `maxConcurrentCalls`
/// exchanges run at once, the rest wait in turn. Easy handles are pooled, so
/// reads to the same upstream reuse their connection (keep-alive); writes
/// always open a fresh one. Redirects are followed only
/// within the same origin (scheme, host and port), at most three hops.
/// Reads are repeated (at most `maxReadRetries` times) only when no
/// connection could be made; writes never are.
public final class HTTPClient: Sendable {
    /// One attempt: a request and its time budget in, a response or failure out.
    typealias Exchange = @Sendable (HTTPClientRequest, Duration, Int) async -> Result<CurlResponse, CurlFailure>

    /// The limits every call obeys.
    public let configuration: HTTPClientConfiguration
    private let exchange: Exchange

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
        let gate = ExchangeGate(limit: configuration.maxConcurrentCalls)
        self.exchange = { request, budget, cap in
            let clock = ContinuousClock()
            let start = clock.now
            guard await gate.enter() else { return .failure(CurlFailure(error: .cancelled, neverConnected: false)) }
            defer { gate.leave() }
            let remaining = budget - (clock.now - start)
            guard remaining > .zero else { return .failure(CurlFailure(error: .timeout, neverConnected: false)) }
            return await Self.curlExchange(request, within: remaining, cap: cap, configuration: configuration)
        }
    }

    /// A client whose attempts are made by `exchange` (tests of the retry and redirect rules).
    init(configuration: HTTPClientConfiguration, exchange: @escaping Exchange) {
        self.configuration = configuration
        self.exchange = exchange
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// - Parameters:
    ///   - timeout: overrides the configured whole-call deadline.
    ///   - maxResponseBytes: overrides the configured size cap (file downloads).
    /// - Throws: `HTTPClientError` when no complete response arrived in time and under the cap.
    public func execute(_ request: HTTPClientRequest, timeout: Duration? = nil,
                        maxResponseBytes: Int? = nil) async throws(HTTPClientError) -> HTTPClientResponse {
        guard let origin = Origin(request.url) else { throw .invalidURL }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout ?? configuration.requestTimeout)
        var current = request
        var attempt = 0
        var hops = 0
        while true {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timeout }
            switch await exchange(current, remaining, maxResponseBytes ?? configuration.maxResponseBytes) {
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

    /// Sends `request` and returns as soon as the response's head is in; the
    /// body is read while the caller takes it (``HTTPClientBody``), with at
    /// most `bufferBytes` waiting in between, so a file of any size passes
    /// through in bounded memory. No redirects are followed and nothing is
    /// retried: a 3xx comes back as it is.
    ///
    /// - Parameters:
    ///   - timeout: the whole exchange's deadline, body included.
    ///   - maxResponseBytes: the body's size cap (the body fails with `.tooLarge` past it).
    public func stream(_ request: HTTPClientRequest, timeout: Duration? = nil, maxResponseBytes: Int? = nil,
                       bufferBytes: Int = 256 * 1024) async throws(HTTPClientError) -> HTTPClientStreamedResponse {
        guard Origin(request.url) != nil else { throw .invalidURL }
        let budget = timeout ?? configuration.requestTimeout
        let transfer = try CurlTransfer(
            method: request.method, url: request.url, headers: request.headers, body: request.body,
            connectTimeout: min(configuration.connectTimeout, budget), totalTimeout: budget,
            limit: maxResponseBytes ?? configuration.maxResponseBytes,
            trustedCertificatesPath: configuration.trustedCertificatesPath
        )
        let body = HTTPClientBody(capacity: bufferBytes, onCancel: { transfer.cancel() })
        let head = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<(Int, [HTTPClientHeader]), CurlFailure>, Never>) in
                let thread = Thread {
                    transfer.performStreaming(into: body) { continuation.resume(returning: $0) }
                }
                thread.name = "grantdesk.http-client"
                thread.start()
            }
        } onCancel: {
            body.cancel()
        }
        switch head {
        case .success(let (status, headers)):
            return HTTPClientStreamedResponse(status: status, headers: headers, body: body)
        case .failure(let failure):
            throw failure.error
        }
    }

    /// Sends `request` with its body taken from `upload` as libcurl sends it
    /// (at most a small buffer of it in memory), and returns the whole
    /// (size-capped) response. Never retried, no redirects followed.
    public func execute(_ request: HTTPClientRequest, upload: HTTPClientUpload, timeout: Duration? = nil,
                        maxResponseBytes: Int? = nil) async throws(HTTPClientError) -> HTTPClientResponse {
        guard Origin(request.url) != nil else { throw .invalidURL }
        let budget = timeout ?? configuration.requestTimeout
        let transfer = try CurlTransfer(
            method: request.method, url: request.url, headers: request.headers, body: nil, upload: upload,
            connectTimeout: min(configuration.connectTimeout, budget), totalTimeout: budget,
            limit: maxResponseBytes ?? configuration.maxResponseBytes,
            trustedCertificatesPath: configuration.trustedCertificatesPath
        )
        let pump = Task { await transfer.uploadPipe?.pump(upload) }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread { continuation.resume(returning: transfer.perform()) }
                thread.name = "grantdesk.http-client"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
        pump.cancel()
        switch result {
        case .success(let response):
            return HTTPClientResponse(status: response.status, headers: response.headers, body: response.body)
        case .failure(let failure):
            throw failure.error
        }
    }

    private static func curlExchange(
        _ request: HTTPClientRequest, within budget: Duration, cap: Int, configuration: HTTPClientConfiguration
    ) async -> Result<CurlResponse, CurlFailure> {
        let transfer: CurlTransfer
        do {
            transfer = try CurlTransfer(
                method: request.method, url: request.url, headers: request.headers, body: request.body,
                connectTimeout: min(configuration.connectTimeout, budget), totalTimeout: budget,
                limit: cap, trustedCertificatesPath: configuration.trustedCertificatesPath
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
