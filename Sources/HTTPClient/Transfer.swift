import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The state of one URLSession task: the body read so far, and the single
/// place its outcome is decided. Whichever comes first — completion, the size
/// cap, a refused redirect, the deadline or cancellation — wins; later events
/// are ignored.
final class Transfer: Sendable {
    private struct State {
        var response: HTTPURLResponse?
        var body: [UInt8] = []
        var failure: HTTPClientError?
        var continuation: CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>, Never>?
        var finished = false
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    /// Stores the continuation to resume; resumes at once if the outcome is already known.
    func attach(_ continuation: CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>, Never>) {
        let early: HTTPClientError? = state.withLock { state in
            if state.finished { return state.failure ?? .cancelled }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: .failure(early)) }
    }

    func received(response: HTTPURLResponse) -> Bool {
        state.withLock { state in
            state.response = response
            return response.expectedContentLength <= Int64(limit)
        }
    }

    /// Appends a chunk; false once the cap is exceeded (the caller cancels the task).
    func received(data: Data) -> Bool {
        state.withLock { state in
            guard !state.finished, state.failure == nil else { return false }
            guard state.body.count + data.count <= limit else { return false }
            state.body.append(contentsOf: data)
            return true
        }
    }

    /// Records a failure and resumes the waiter; the first outcome wins.
    func fail(_ error: HTTPClientError) {
        finish(.failure(error))
    }

    /// Completion from URLSession: a recorded failure beats the transport's own view.
    func complete(transportError: Error?) {
        let result: Result<HTTPClientResponse, HTTPClientError> = state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            if let transportError { return .failure(Transfer.classify(transportError)) }
            guard let response = state.response else { return .failure(.connectionLost) }
            let headers = response.allHeaderFields.compactMap { name, value -> HTTPClientHeader? in
                guard let name = name as? String, let value = value as? String else { return nil }
                return HTTPClientHeader(name, value)
            }
            return .success(HTTPClientResponse(status: response.statusCode, headers: headers, body: state.body))
        }
        finish(result)
    }

    private func finish(_ result: Result<HTTPClientResponse, HTTPClientError>) {
        let continuation: CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>, Never>? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            if case .failure(let error) = result { state.failure = error }
            state.body = []
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: result)
    }

    /// Maps URLSession's errors onto ours.
    static func classify(_ error: Error) -> HTTPClientError {
        guard let urlError = error as? URLError else { return .connectionLost }
        switch urlError.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            return .unreachable
        case .timedOut:
            return .timeout
        case .cancelled:
            return .cancelled
        case .unsupportedURL, .badURL:
            return .invalidURL
        default:
            return .connectionLost
        }
    }
}
