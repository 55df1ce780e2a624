import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Outbound HTTP with deadlines we enforce ourselves.
///
/// Built on URLSession (libcurl on Linux), whose own timeouts are whole
/// seconds and whose resource timeout is not enforced there. So each call
/// runs under our deadline, which cancels the task; the body streams through
/// a delegate that stops reading once the size cap is exceeded; redirects
/// that leave the origin are refused; only reads are retried, and only when
/// the connection could not be made.
public final class HTTPClient: Sendable {
    /// The limits every call obeys.
    public let configuration: HTTPClientConfiguration
    private let session: URLSession
    private let delegate: SessionDelegate

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
        let delegate = SessionDelegate()
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.urlCache = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.timeoutIntervalForRequest = Self.wholeSeconds(configuration.connectTimeout)
        sessionConfiguration.timeoutIntervalForResource = Self.wholeSeconds(configuration.requestTimeout)
        self.delegate = delegate
        self.session = URLSession(configuration: sessionConfiguration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// - Parameter timeout: overrides the configured whole-call deadline.
    /// - Throws: `HTTPClientError` when no complete response arrived in time and under the cap.
    public func execute(_ request: HTTPClientRequest, timeout: Duration? = nil) async throws(HTTPClientError) -> HTTPClientResponse {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil
        else { throw .invalidURL }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout ?? configuration.requestTimeout)
        var attempt = 0
        while true {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timeout }
            let result = await attemptOnce(request, url: url, within: remaining)
            switch result {
            case .success(let response):
                return response
            case .failure(.unreachable) where request.isIdempotentRead && attempt < configuration.maxReadRetries:
                attempt += 1
                // A short pause lets a restarting upstream come back; never past the deadline.
                let pause = min(Duration.milliseconds(100 * attempt), clock.now.duration(to: deadline))
                try? await Task.sleep(for: pause)
                if Task.isCancelled { throw .cancelled }
            case .failure(let error):
                throw error
            }
        }
    }

    private func attemptOnce(_ request: HTTPClientRequest, url: URL, within budget: Duration) async -> Result<HTTPClientResponse, HTTPClientError> {
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = Self.wholeSeconds(configuration.connectTimeout)
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        if let body = request.body { urlRequest.httpBody = Data(body) }

        let transfer = Transfer(limit: configuration.maxResponseBytes)
        let task = session.dataTask(with: urlRequest)
        delegate.register(transfer, for: task)
        let timer = DispatchWorkItem { [weak task] in
            transfer.fail(.timeout)
            task?.cancel()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + budget.seconds, execute: timer)
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.attach(continuation)
                task.resume()
            }
        } onCancel: {
            transfer.fail(.cancelled)
            task.cancel()
        }
    }

    /// libcurl counts URLSession timeouts in whole seconds and treats < 1 s as "expire now".
    private static func wholeSeconds(_ duration: Duration) -> TimeInterval {
        max(1, duration.seconds.rounded(.up))
    }
}
