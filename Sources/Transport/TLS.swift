internal import COpenSSL
import Synchronization

// The only file that calls `SSL_*`. Every OpenSSL object lives in a final
// class that frees it in `deinit`, and every failure drains OpenSSL's
// per-thread error queue into a `TLSError` before returning.

/// Server TLS settings: certificate chain, key and Mozilla "intermediate"
/// policy (TLS 1.2 and 1.3; ECDHE with AES-GCM or ChaCha20-Poly1305 only;
/// X25519, P-256, P-384; ALPN `http/1.1`; no compression or renegotiation).
///
/// The certificate and key can be replaced while serving (``reload(certificateChainPath:privateKeyPath:)``,
/// on SIGHUP): new handshakes use the new pair, connections already open
/// keep theirs (each session holds a reference to the context it began with).
///
/// `@unchecked Sendable`: each `SSL_CTX` is configured completely before it
/// is published and never changed afterwards; OpenSSL allows a configured
/// context to be shared by connections on any thread. The current one is
/// swapped under a lock.
public final class TLSServerContext: @unchecked Sendable {
    private let current: Mutex<ServerContextHandle>

    /// TLS 1.2 suites: forward-secret key exchange and AEAD only (no CBC, no RSA kx).
    static let tls12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// Loads a PEM certificate chain (leaf first) and a PEM private key from files.
    public convenience init(certificateChainPath: String, privateKeyPath: String) throws {
        try self.init(
            certificateChainPEM: try TLS.readFile(certificateChainPath, operation: "read certificate chain"),
            privateKeyPEM: try TLS.readFile(privateKeyPath, operation: "read private key")
        )
    }

    /// Uses a PEM certificate chain (leaf first) and a PEM private key held in memory.
    public init(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) throws {
        current = Mutex(try Self.makeContext(certificateChainPEM: certificateChainPEM, privateKeyPEM: privateKeyPEM))
    }

    /// Replaces the certificate chain and key with the ones in these files.
    /// Throws, keeping the pair in use, when a file is missing, unreadable,
    /// not PEM, or the key does not match the certificate.
    public func reload(certificateChainPath: String, privateKeyPath: String) throws {
        let replacement = try Self.makeContext(
            certificateChainPEM: try TLS.readFile(certificateChainPath, operation: "read certificate chain"),
            privateKeyPEM: try TLS.readFile(privateKeyPath, operation: "read private key"))
        current.withLock { $0 = replacement }
    }

    /// The context new sessions start from; the caller keeps the handle
    /// alive until `SSL_new` has taken its own reference.
    func handle() -> ServerContextHandle {
        current.withLock { $0 }
    }

    private static func makeContext(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) throws -> ServerContextHandle {
        ERR_clear_error()
        guard let pointer = SSL_CTX_new(TLS_server_method()) else { throw TLS.error("create context") }
        let handle = ServerContextHandle(pointer)
        let context = handle.pointer
        guard gd_SSL_CTX_set_min_proto_version(context, TLSVersion.tls1_2.rawValue) == 1,
            gd_SSL_CTX_set_max_proto_version(context, TLSVersion.tls1_3.rawValue) == 1
        else { throw TLS.error("set protocol versions") }
        // Server cipher order: scanners (testssl) expect the server to pick, and
        // our list is ordered strongest-sensible first.
        SSL_CTX_set_options(
            context,
            gd_SSL_OP_NO_COMPRESSION | gd_SSL_OP_NO_RENEGOTIATION | gd_SSL_OP_NO_TICKET | gd_SSL_OP_CIPHER_SERVER_PREFERENCE
        )
        // A session id context turns on session-id resumption (tickets stay off).
        let sessionContext = Array("grantdesk".utf8)
        guard SSL_CTX_set_session_id_context(context, sessionContext, UInt32(sessionContext.count)) == 1 else {
            throw TLS.error("set session id context")
        }
        // With tickets off, a TLS 1.3 "ticket" is a session kept in the cache,
        // and OpenSSL sends two per handshake. A client resumes with one; the
        // second only doubled the cache's memory (1.2 KB a connection, measured
        // with 1,000 idle connections).
        guard SSL_CTX_set_num_tickets(context, 1) == 1 else { throw TLS.error("set TLS 1.3 ticket count") }
        _ = gd_SSL_CTX_set_mode(context, gd_SSL_MODE_RELEASE_BUFFERS | gd_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
        guard SSL_CTX_set_cipher_list(context, Self.tls12Ciphers) == 1 else { throw TLS.error("set cipher list") }
        guard gd_SSL_CTX_set1_groups_list(context, "X25519:P-256:P-384") == 1 else { throw TLS.error("set groups") }
        SSL_CTX_set_alpn_select_cb(context, selectHTTP11, nil)
        try TLS.useCertificateChain(certificateChainPEM, context: context)
        try TLS.usePrivateKey(privateKeyPEM, context: context)
        guard SSL_CTX_check_private_key(context) == 1 else { throw TLS.error("match private key to certificate") }
        return handle
    }
}

/// Owns one configured server `SSL_CTX`.
final class ServerContextHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { SSL_CTX_free(pointer) }
}

/// ALPN: choose `http/1.1` when offered; otherwise continue without ALPN
/// rather than failing, since HTTP/1.1 is what every client can speak.
private let selectHTTP11: @convention(c) (
    OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt8>?,
    UnsafePointer<UInt8>?, UInt32, UnsafeMutableRawPointer?
) -> Int32 = { _, out, outLength, offered, offeredLength, _ in
    guard let out, let outLength, let offered else { return SSL_TLSEXT_ERR_NOACK }
    let wanted = Array("http/1.1".utf8)
    var index = 0
    while index < Int(offeredLength) {
        let length = Int(offered[index])
        let start = index + 1
        guard start + length <= Int(offeredLength) else { break }
        if length == wanted.count && (0..<length).allSatisfy({ offered[start + $0] == wanted[$0] }) {
            out.pointee = offered + start
            outLength.pointee = UInt8(length)
            return SSL_TLSEXT_ERR_OK
        }
        index = start + length
    }
    return SSL_TLSEXT_ERR_NOACK
}

/// Client TLS settings, small on purpose: for tests and tools that talk to
/// the server in-process. Verifies the peer only when given a trust anchor.
public final class TLSClientContext: @unchecked Sendable {
    // Immutable after init, like TLSServerContext.
    let context: OpaquePointer

    /// - Parameters:
    ///   - versions: the protocol versions the client offers.
    ///   - tls12CipherList: an OpenSSL cipher string for TLS ≤ 1.2, or nil for the default.
    ///   - alpn: protocols to offer, e.g. `["http/1.1"]`.
    ///   - trustedCertificatePath: a PEM file of trusted certificates; nil disables verification.
    public init(
        versions: ClosedRange<TLSVersion> = .tls1_2 ... .tls1_3,
        tls12CipherList: String? = nil,
        alpn: [String] = ["http/1.1"],
        trustedCertificatePath: String? = nil
    ) throws {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLS.error("create client context") }
        self.context = context
        // Security level 0 lets tests offer legacy versions and suites, so the
        // server (not the local OpenSSL policy) is what refuses them.
        SSL_CTX_set_security_level(context, 0)
        guard gd_SSL_CTX_set_min_proto_version(context, versions.lowerBound.rawValue) == 1,
            gd_SSL_CTX_set_max_proto_version(context, versions.upperBound.rawValue) == 1
        else { throw TLS.error("set client protocol versions") }
        if let tls12CipherList, SSL_CTX_set_cipher_list(context, tls12CipherList) != 1 {
            throw TLS.error("set client cipher list")
        }
        if !alpn.isEmpty {
            let wire = alpn.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
            // SSL_CTX_set_alpn_protos returns 0 on success.
            guard SSL_CTX_set_alpn_protos(context, wire, UInt32(wire.count)) == 0 else { throw TLS.error("set ALPN") }
        }
        if let trustedCertificatePath {
            guard SSL_CTX_load_verify_locations(context, trustedCertificatePath, nil) == 1 else {
                throw TLS.error("load trusted certificates")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
    }

    deinit { SSL_CTX_free(context) }
}

/// One TLS session over memory BIOs: the caller moves ciphertext between the
/// socket and ``feed(_:)``/``takeCiphertext()``, and plaintext through
/// ``read(into:)``/``write(_:)``. Not thread-safe: use it from one queue.
public final class TLSConnection {
    private let ssl: OpaquePointer
    /// Ciphertext from the peer, read by OpenSSL (owned by `ssl`).
    private var incoming: OpaquePointer
    /// Ciphertext for the peer, written by OpenSSL (owned by `ssl`).
    private var outgoing: OpaquePointer
    /// Empty memory BIOs holding more than this are replaced by
    /// ``releaseIdleBuffers()``.
    private static let idleBufferLimit = 2048

    /// A server-side session.
    public convenience init(server context: TLSServerContext) throws {
        let handle = context.handle()
        try self.init(context: handle.pointer, hostName: nil, isServer: true)
        // Until here: SSL_new (in init) has taken its own reference by now.
        withExtendedLifetime(handle) {}
    }

    /// A client-side session; `serverName` is sent as SNI and, when the
    /// context verifies, checked against the certificate (DNS name or IP).
    public convenience init(client context: TLSClientContext, serverName: String? = nil) throws {
        try self.init(context: context.context, hostName: serverName, isServer: false)
    }

    private init(context: OpaquePointer, hostName: String?, isServer: Bool) throws {
        ERR_clear_error()
        guard let ssl = SSL_new(context) else { throw TLS.error("create session") }
        guard let incoming = BIO_new(BIO_s_mem()), let outgoing = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLS.error("create memory BIOs")
        }
        SSL_set_bio(ssl, incoming, outgoing)
        self.ssl = ssl
        self.incoming = incoming
        self.outgoing = outgoing
        if isServer {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let hostName {
                let isIP = hostName.contains(":") || hostName.allSatisfy { $0.isNumber || $0 == "." }
                if !isIP { _ = gd_SSL_set_tlsext_host_name(ssl, hostName) }
                let param = SSL_get0_param(ssl)
                let ok = isIP ? X509_VERIFY_PARAM_set1_ip_asc(param, hostName) : SSL_set1_host(ssl, hostName)
                guard ok == 1 else { throw TLS.error("set expected host") }
            }
        }
    }

    deinit { SSL_free(ssl) }

    /// Whether the handshake has completed.
    /// SHA-256 of the peer's certificate (DER) once the handshake is done:
    /// lets a client tell which certificate a server presented.
    public var peerCertificateSHA256: [UInt8]? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        guard X509_digest(certificate, EVP_sha256(), &digest, &length) == 1 else { return nil }
        return Array(digest.prefix(Int(length)))
    }

    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// The ALPN protocol agreed on, e.g. `http/1.1`, or nil.
    public var negotiatedProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The protocol version in use, e.g. `TLSv1.3`.
    public var version: String { String(cString: SSL_get_version(ssl)) }

    /// The cipher suite in use, e.g. `TLS_AES_128_GCM_SHA256`, or nil.
    public var cipher: String? {
        guard let cipher = SSL_get_current_cipher(ssl) else { return nil }
        return String(cString: SSL_CIPHER_get_name(cipher))
    }

    /// Hands ciphertext received from the peer to OpenSSL.
    public func feed(_ ciphertext: UnsafeRawBufferPointer) throws {
        guard !ciphertext.isEmpty else { return }
        guard BIO_write(incoming, ciphertext.baseAddress, Int32(ciphertext.count)) == Int32(ciphertext.count) else {
            throw TLS.error("buffer ciphertext")
        }
    }

    /// Advances the handshake; true once it is complete. Send
    /// ``takeCiphertext()`` afterwards whether or not it completed.
    public func handshake() throws -> Bool {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return true }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return false
        default: throw TLS.error("handshake")
        }
    }

    /// Decrypts buffered records into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> TLSReadResult {
        ERR_clear_error()
        let result = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
        if result > 0 { return .bytes(Int(result)) }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .wantMore
        case SSL_ERROR_ZERO_RETURN: return .closed
        default: throw TLS.error("read")
        }
    }

    /// Encrypts all of `plaintext`; collect the records with ``takeCiphertext()``.
    public func write(_ plaintext: [UInt8]) throws {
        guard !plaintext.isEmpty else { return }
        ERR_clear_error()
        // Memory BIOs grow as needed, so a write never stalls part-way.
        let result = plaintext.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        guard result == Int32(plaintext.count) else { throw TLS.error("write") }
    }

    /// Queues a close_notify alert; collect it with ``takeCiphertext()``.
    public func close() {
        ERR_clear_error()
        if isHandshakeComplete { _ = SSL_shutdown(ssl) }
        ERR_clear_error()
    }

    /// Whether received data is buffered that ``read(into:)`` has not returned yet.
    public var hasBufferedInput: Bool { SSL_pending(ssl) > 0 || BIO_ctrl_pending(incoming) > 0 }

    /// Whether ciphertext is waiting to be sent.
    public var hasCiphertext: Bool { BIO_ctrl_pending(outgoing) > 0 }

    /// Frees what the memory BIOs keep once drained: each holds on to its
    /// largest content (the handshake's flight, the biggest response sent;
    /// after a 64 KB response, 85 KB per idle connection). Call when the
    /// connection waits for its next request.
    public func releaseIdleBuffers() {
        if let fresh = Self.replacement(for: incoming) {
            SSL_set0_rbio(ssl, fresh)  // frees the old one
            incoming = fresh
        }
        if let fresh = Self.replacement(for: outgoing) {
            SSL_set0_wbio(ssl, fresh)
            outgoing = fresh
        }
    }

    /// A new memory BIO to stand in for `bio` when it is empty but holds more than the limit.
    private static func replacement(for bio: OpaquePointer) -> OpaquePointer? {
        guard BIO_ctrl_pending(bio) == 0, gd_BIO_mem_capacity(bio) > idleBufferLimit else { return nil }
        return BIO_new(BIO_s_mem())
    }

    /// Bytes the two memory BIOs have allocated (for memory tests).
    public var bufferedCapacity: Int { gd_BIO_mem_capacity(incoming) + gd_BIO_mem_capacity(outgoing) }

    /// Removes and returns the ciphertext waiting to be sent to the peer.
    public func takeCiphertext() -> [UInt8] {
        let pending = Int(BIO_ctrl_pending(outgoing))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = bytes.withUnsafeMutableBytes { BIO_read(outgoing, $0.baseAddress, Int32(pending)) }
        guard read > 0 else { return [] }
        // BIO_read returns all that is pending; trim in place rather than copy.
        if Int(read) < pending { bytes.removeLast(pending - Int(read)) }
        return bytes
    }
}

/// Helpers shared by the TLS types.
enum TLS {
    /// Drains OpenSSL's error queue into a `TLSError`.
    static func error(_ operation: String) -> TLSError {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return TLSError(operation: operation, reasons: reasons)
    }

    static func readFile(_ path: String, operation: String) throws -> [UInt8] {
        ERR_clear_error()
        guard let bio = BIO_new_file(path, "rb") else { throw error(operation + " \(path)") }
        defer { BIO_free(bio) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk.prefix(Int(count)))
        }
        return bytes
    }

    static func useCertificateChain(_ pem: [UInt8], context: OpaquePointer) throws {
        try withMemoryBIO(pem) { bio in
            guard let leaf = PEM_read_bio_X509(bio, nil, nil, nil) else { throw error("read certificate") }
            defer { X509_free(leaf) }
            guard SSL_CTX_use_certificate(context, leaf) == 1 else { throw error("use certificate") }
            while let intermediate = PEM_read_bio_X509(bio, nil, nil, nil) {
                // SSL_CTRL_CHAIN_CERT with larg 0 takes ownership of `intermediate`.
                guard SSL_CTX_ctrl(context, SSL_CTRL_CHAIN_CERT, 0, UnsafeMutableRawPointer(intermediate)) == 1 else {
                    X509_free(intermediate)
                    throw error("add chain certificate")
                }
            }
            // Reading past the last certificate leaves a "no start line" error behind.
            ERR_clear_error()
        }
    }

    static func usePrivateKey(_ pem: [UInt8], context: OpaquePointer) throws {
        try withMemoryBIO(pem) { bio in
            guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { throw error("read private key") }
            defer { EVP_PKEY_free(key) }
            guard SSL_CTX_use_PrivateKey(context, key) == 1 else { throw error("use private key") }
        }
    }

    private static func withMemoryBIO(_ bytes: [UInt8], _ body: (OpaquePointer) throws -> Void) throws {
        try bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { throw error("buffer PEM") }
            defer { BIO_free(bio) }
            try body(bio)
        }
    }
}
