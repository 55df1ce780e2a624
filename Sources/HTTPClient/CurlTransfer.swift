internal import CCurl
import Synchronization

// The only file that calls libcurl. Easy handles are owned by a final class
// that frees them in `deinit` and are pooled between exchanges (so their
// connection caches give keep-alive); every failure is turned into an
// `HTTPClientError` here.

/// What one exchange produced before the client applies its redirect rules.
struct CurlResponse: Sendable {
    var status: Int
    var headers: [HTTPClientHeader]
    var body: [UInt8]
    /// Where a 3xx points, made absolute by libcurl (which itself never follows it).
    var redirectURL: String?
}

/// Why an exchange failed, and whether a read may be repeated (only when no
/// connection was ever made).
struct CurlFailure: Error, Sendable {
    var error: HTTPClientError
    var neverConnected: Bool
}

/// One HTTP exchange through a libcurl easy handle, run to completion on the
/// calling thread (`perform` blocks). libcurl hands us the body in ≤ 16 KiB
/// pieces synchronously, so refusing a piece stops the transfer at once:
/// memory stays bounded by the size cap whatever the upstream sends.
///
/// `@unchecked Sendable`: the handle and the buffers are touched only by the
/// thread inside `perform`; `cancel()` touches only the atomic flag.
final class CurlTransfer: @unchecked Sendable {
    private let easy: CurlHandle
    private var handle: UnsafeMutableRawPointer { easy.pointer }
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let limit: Int
    private var body: [UInt8] = []
    private var headers: [HTTPClientHeader] = []
    private var overflowed = false
    /// Set for a streamed exchange: body pieces go here instead of `body`.
    private var pipe: HTTPClientBody?
    private var received = 0
    private var onHead: ((Result<(Int, [HTTPClientHeader]), CurlFailure>) -> Void)?
    /// Set for a streamed upload: libcurl reads the request body from here.
    let uploadPipe: UploadPipe?
    private let cancelled = Atomic<Bool>(false)

    /// libcurl's process-wide set-up, done once before the first handle.
    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    init(
        method: String, url: String, headers: [HTTPClientHeader], body: [UInt8]?, upload: HTTPClientUpload? = nil,
        connectTimeout: Duration, totalTimeout: Duration, limit: Int, trustedCertificatesPath: String?
    ) throws(HTTPClientError) {
        guard Self.globalInit, let easy = CurlHandlePool.shared.take() else { throw .connectionLost }
        self.easy = easy
        let handle = easy.pointer
        self.limit = limit
        self.uploadPipe = upload.map { _ in UploadPipe(capacity: 256 * 1024) }
        var ok = true
        func set(_ result: CURLcode) { ok = ok && result == CURLE_OK }
        set(gd_curl_set_pointer(handle, CURLOPT_URL, url))
        // The path goes out exactly as built: libcurl would otherwise remove
        // `.`/`..` segments and so send a request meant for one name to
        // another endpoint (callers encode such segments anyway).
        set(gd_curl_set_long(handle, CURLOPT_PATH_AS_IS, 1))
        set(gd_curl_set_pointer(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(gd_curl_set_long(handle, CURLOPT_NOSIGNAL, 1))
        set(gd_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        set(gd_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout)))
        set(gd_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(totalTimeout)))
        set(gd_curl_set_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limit)))
        if let trustedCertificatesPath { set(gd_curl_set_pointer(handle, CURLOPT_CAINFO, trustedCertificatesPath)) }
        switch method {
        case "GET": set(gd_curl_set_long(handle, CURLOPT_HTTPGET, 1))
        case "HEAD": set(gd_curl_set_long(handle, CURLOPT_NOBODY, 1))
        default:
            set(gd_curl_set_pointer(handle, CURLOPT_CUSTOMREQUEST, method))
            // libcurl silently resends a request whose reused connection turns out dead;
            // a write on a fresh connection is never sent twice.
            set(gd_curl_set_long(handle, CURLOPT_FRESH_CONNECT, 1))
        }
        if let upload {
            // No POSTFIELDS: libcurl asks the read callback for the body as it sends.
            set(gd_curl_set_long(handle, CURLOPT_POST, 1))
            set(gd_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(upload.length)))
        } else if let body {
            set(gd_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            if body.isEmpty {
                set(gd_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                set(body.withUnsafeBytes { gd_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) })
            }
        }
        // No `Expect: 100-continue` round trip, and no compressed answers to inflate past the cap.
        for line in headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headerList = curl_slist_append(headerList, line)
        }
        set(gd_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headerList))
        let context = Unmanaged.passUnretained(self).toOpaque()
        set(gd_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, receiveBody))
        set(gd_curl_set_pointer(handle, CURLOPT_WRITEDATA, context))
        if upload != nil {
            set(gd_curl_set_data_callback(handle, CURLOPT_READFUNCTION, sendBody))
            set(gd_curl_set_pointer(handle, CURLOPT_READDATA, context))
        }
        set(gd_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, receiveHeader))
        set(gd_curl_set_pointer(handle, CURLOPT_HEADERDATA, context))
        set(gd_curl_set_progress_callback(handle, checkCancelled))
        set(gd_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context))
        set(gd_curl_set_long(handle, CURLOPT_NOPROGRESS, 0))
        guard ok else { throw .invalidURL }
    }

    deinit {
        // Reset first: the handle's options point at our header list and at us.
        curl_easy_reset(handle)
        curl_slist_free_all(headerList)
        CurlHandlePool.shared.put(easy)
    }

    /// Asks a running `perform` to stop; it returns `.cancelled` shortly after.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    /// Runs the exchange; blocks until it completes, fails or times out.
    func perform() -> Result<CurlResponse, CurlFailure> {
        let code = curl_easy_perform(handle)
        uploadPipe?.close()
        var connectMicroseconds: curl_off_t = 0
        _ = gd_curl_get_offset(handle, CURLINFO_CONNECT_TIME_T, &connectMicroseconds)
        let neverConnected = connectMicroseconds == 0
        guard code == CURLE_OK else {
            return .failure(CurlFailure(error: classify(code, neverConnected: neverConnected), neverConnected: neverConnected))
        }
        var status = 0
        _ = gd_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var location: UnsafeMutablePointer<CChar>?
        _ = gd_curl_get_string(handle, CURLINFO_REDIRECT_URL, &location)
        let redirectURL = location.map { String(cString: $0) }
        return .success(CurlResponse(status: status, headers: headers, body: body, redirectURL: redirectURL))
    }

    private func classify(_ code: CURLcode, neverConnected: Bool) -> HTTPClientError {
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            .unreachable
        case CURLE_OPERATION_TIMEDOUT:
            .timeout
        case CURLE_FILESIZE_EXCEEDED:
            .tooLarge(limit: limit)
        case CURLE_WRITE_ERROR where overflowed:
            .tooLarge(limit: limit)
        case CURLE_ABORTED_BY_CALLBACK:
            .cancelled
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            .invalidURL
        default:
            .connectionLost
        }
    }

    /// Runs the exchange with its body streamed into `pipe`: `head` is called
    /// once, when the first body byte arrives or the exchange ends without
    /// one (with the failure, if it failed before a byte); later failures end
    /// the pipe. Blocks like ``perform()``.
    func performStreaming(into pipe: HTTPClientBody,
                          head: @escaping (Result<(Int, [HTTPClientHeader]), CurlFailure>) -> Void) {
        self.pipe = pipe
        self.onHead = head
        switch perform() {
        case .success:
            deliverHead()
            pipe.finish(.success(()))
        case .failure(let failure):
            if let onHead {
                self.onHead = nil
                onHead(.failure(failure))
            }
            pipe.finish(.failure(failure.error))
        }
        // The pipe's cancel hook holds this transfer; letting go here breaks
        // the cycle, so the handle returns to the pool once the body is dropped.
        self.pipe = nil
    }

    private func deliverHead() {
        guard let onHead else { return }
        self.onHead = nil
        var status = 0
        _ = gd_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        onHead(.success((status, headers)))
    }

    fileprivate func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let pipe {
            guard received + bytes.count <= limit else {
                overflowed = true
                return false
            }
            received += bytes.count
            deliverHead()
            return pipe.deliver(bytes)
        }
        guard body.count + bytes.count <= limit else {
            overflowed = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    fileprivate func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers = []  // a new response (after a 1xx) starts a new header block
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        // By scalars: "\r\n" is one Character, which a Character-wise trim leaves on every value.
        var value = Substring(line[line.index(after: colon)...]).unicodeScalars
        while let first = value.first, Self.isFieldSpace(first) { value.removeFirst() }
        while let last = value.last, Self.isFieldSpace(last) { value.removeLast() }
        headers.append(HTTPClientHeader(String(line[..<colon]), String(value)))
    }

    private static func isFieldSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
    }

    fileprivate var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    private static func milliseconds(_ duration: Duration) -> Int {
        let parts = duration.components
        return max(1, Int(parts.seconds) * 1000 + Int(parts.attoseconds / 1_000_000_000_000_000))
    }
}

/// One libcurl easy handle; it keeps its own connection, DNS and TLS session caches.
final class CurlHandle: @unchecked Sendable {
    // Used by one exchange at a time (the pool hands it out exclusively).
    let pointer: UnsafeMutableRawPointer

    init?() {
        guard let pointer = curl_easy_init() else { return nil }
        self.pointer = pointer
    }

    deinit { curl_easy_cleanup(pointer) }
}

/// Idle easy handles, reused so that reads to the same upstream keep their connection.
final class CurlHandlePool: Sendable {
    static let shared = CurlHandlePool()
    /// More idle handles than this are freed rather than kept.
    private let capacity = 16
    private let idle = Mutex<[CurlHandle]>([])

    func take() -> CurlHandle? {
        idle.withLock { $0.popLast() } ?? CurlHandle()
    }

    func put(_ handle: CurlHandle) {
        idle.withLock { handles in
            if handles.count < capacity { handles.append(handle) }
        }
    }
}

private let receiveBody: gd_curl_data_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    // Returning fewer bytes than offered makes libcurl stop with CURLE_WRITE_ERROR.
    return transfer.append(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private let sendBody: gd_curl_data_callback = { data, size, count, context in
    guard let context, let data else { return 0x1000_0000 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let buffer = UnsafeMutableRawBufferPointer(start: data, count: size * count)
    // CURL_READFUNC_ABORT (a macro Swift does not import) when the upload's source failed.
    return transfer.uploadPipe?.read(into: buffer) ?? 0x1000_0000
}

private let receiveHeader: gd_curl_data_callback = { data, size, count, context in
    guard let context, let data else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let bytes = UnsafeRawBufferPointer(start: data, count: length)
    transfer.header(String(decoding: bytes, as: UTF8.self))
    return length
}

private let checkCancelled: gd_curl_progress_callback = { context, _, _, _, _ in
    guard let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> Substring {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return slice
    }
}
