#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import COpenSSL

/// A self-signed ECDSA P-256 server certificate for first runs without a
/// configured one: SAN `localhost`, `127.0.0.1`, `::1`; a random positive
/// 127-bit serial; `CA:FALSE` (critical), `digitalSignature` key usage,
/// `serverAuth`, SKI and AKI; 365 days of validity.
public struct SelfSignedCertificate: Sendable {
    /// The certificate, PEM encoded.
    public let certificatePEM: [UInt8]
    /// The private key (PKCS#8), PEM encoded.
    public let privateKeyPEM: [UInt8]

    /// File names used inside the directory given to ``loadOrGenerate(directory:)``.
    public static let certificateFileName = "tls-certificate.pem"
    /// See ``certificateFileName``.
    public static let keyFileName = "tls-key.pem"

    /// Generates a new key and certificate valid from now for `validityDays`.
    public static func generate(validityDays: Int = 365) throws -> SelfSignedCertificate {
        try generate(startOffsetSeconds: -300, validitySeconds: validityDays * 86_400)
    }

    /// Generates a certificate whose validity starts `startOffsetSeconds` from
    /// now (negative: in the past) and lasts `validitySeconds`. Tests use this
    /// to make expired certificates.
    static func generate(startOffsetSeconds: Int, validitySeconds: Int) throws -> SelfSignedCertificate {
        ERR_clear_error()
        guard let rawKey = gd_EVP_EC_gen("P-256") else { throw TLS.error("generate P-256 key") }
        let key = OwnedKey(rawKey)
        guard let rawCertificate = X509_new() else { throw TLS.error("create certificate") }
        let certificate = OwnedCertificate(rawCertificate)
        let x509 = certificate.pointer

        guard X509_set_version(x509, 2) == 1 else { throw TLS.error("set certificate version") }
        try setRandomSerial(x509)
        guard X509_gmtime_adj(X509_getm_notBefore(x509), startOffsetSeconds) != nil,
            X509_gmtime_adj(X509_getm_notAfter(x509), startOffsetSeconds + validitySeconds) != nil
        else { throw TLS.error("set validity") }
        guard X509_set_pubkey(x509, key.pointer) == 1 else { throw TLS.error("set public key") }

        let name = X509_get_subject_name(x509)
        let commonName = Array("GrantDesk self-signed".utf8)
        guard X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, Int32(commonName.count), -1, 0) == 1,
            X509_set_issuer_name(x509, name) == 1
        else { throw TLS.error("set subject") }

        // Order matters: the AKI is computed from the SKI already present.
        try addExtensions(x509, [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature"),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
            (NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"),
        ])
        guard X509_sign(x509, key.pointer, EVP_sha256()) > 0 else { throw TLS.error("sign certificate") }

        let certificatePEM = try pem { PEM_write_bio_X509($0, x509) }
        let keyPEM = try pem { PEM_write_bio_PrivateKey($0, key.pointer, nil, nil, 0, nil, nil) }
        return SelfSignedCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM)
    }

    /// Writes the certificate (mode 0644) and key (mode 0600), each
    /// atomically via a temporary file and rename.
    public func write(certificatePath: String, keyPath: String) throws {
        try Self.writeAtomically(privateKeyPEM, to: keyPath, mode: 0o600)
        try Self.writeAtomically(certificatePEM, to: certificatePath, mode: 0o644)
    }

    /// The paths of a usable certificate and key in `directory`: the existing
    /// ones when they load, match and are not expired (or about to, within a
    /// day); otherwise freshly generated ones written over them.
    public static func loadOrGenerate(directory: String) throws -> (certificatePath: String, keyPath: String) {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw SystemError(call: "mkdir", errno: errno)
        }
        let certificatePath = directory + "/" + certificateFileName
        let keyPath = directory + "/" + keyFileName
        if isUsable(certificatePath: certificatePath, keyPath: keyPath) {
            return (certificatePath, keyPath)
        }
        try generate().write(certificatePath: certificatePath, keyPath: keyPath)
        return (certificatePath, keyPath)
    }

    /// Whether the files load as a matching pair valid for at least a day more.
    static func isUsable(certificatePath: String, keyPath: String) -> Bool {
        guard let certificatePEM = try? TLS.readFile(certificatePath, operation: "read certificate"),
            (try? TLSServerContext(certificateChainPEM: certificatePEM, privateKeyPEM: try TLS.readFile(keyPath, operation: "read key"))) != nil
        else { return false }
        return secondsUntilExpiry(certificatePEM: certificatePEM).map { $0 > 86_400 } ?? false
    }

    /// Seconds from now until the certificate's notAfter (negative once expired).
    static func secondsUntilExpiry(certificatePEM: [UInt8]) -> Int? {
        ERR_clear_error()
        let parsed: OpaquePointer? = certificatePEM.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_X509(bio, nil, nil, nil)
        }
        guard let parsed else { return nil }
        let certificate = OwnedCertificate(parsed)
        var days: Int32 = 0
        var seconds: Int32 = 0
        guard ASN1_TIME_diff(&days, &seconds, nil, X509_get0_notAfter(certificate.pointer)) == 1 else { return nil }
        return Int(days) * 86_400 + Int(seconds)
    }

    // MARK: - Helpers

    private static func setRandomSerial(_ x509: OpaquePointer) throws {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { throw TLS.error("random serial") }
        // Positive and never zero-length: clear the top bit, set the next one.
        bytes[0] = (bytes[0] & 0x7F) | 0x40
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw TLS.error("serial number") }
        defer { BN_free(number) }
        guard let serial = BN_to_ASN1_INTEGER(number, nil) else { throw TLS.error("serial number") }
        defer { ASN1_INTEGER_free(serial) }
        guard X509_set_serialNumber(x509, serial) == 1 else { throw TLS.error("set serial number") }
    }

    private static func addExtensions(_ x509: OpaquePointer, _ extensions: [(Int32, String)]) throws {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, x509, x509, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw TLS.error("build extension \(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x509, ext, -1) == 1 else { throw TLS.error("add extension \(value)") }
        }
    }

    private static func pem(_ write: (OpaquePointer) -> Int32) throws -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw TLS.error("create PEM buffer") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw TLS.error("write PEM") }
        let pending = Int(BIO_ctrl_pending(bio))
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = bytes.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32(pending)) }
        guard Int(read) == pending else { throw TLS.error("read PEM") }
        return bytes
    }

    private static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SystemError(call: "open", errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                _ = Glibc.close(fd)
                throw SystemError(call: "write", errno: code)
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let code = errno
            _ = Glibc.close(fd)
            throw SystemError(call: "fsync", errno: code)
        }
        _ = Glibc.close(fd)
        guard rename(temporary, path) == 0 else { throw SystemError(call: "rename", errno: errno) }
    }
}

/// Owns an `X509*`.
private final class OwnedCertificate {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_free(pointer) }
}

/// Owns an `EVP_PKEY*`.
private final class OwnedKey {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }
}
