internal import COpenSSL

/// The only file in this target that calls OpenSSL. Every entry point checks
/// OpenSSL's return code and drains the thread's error queue into a
/// `CryptoError`, so no stale error leaks into a later, unrelated call.
enum OpenSSLCrypto {
    static let sha256Length = 32

    /// Fills `count` bytes from the CSPRNG; false when the CSPRNG fails.
    static func randomBytes(count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard ok == 1 else {
            _ = drainErrors()
            return nil
        }
        return bytes
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: sha256Length)
        var size: UInt32 = 0
        let ok = withNonNullBytes(bytes) { input in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input, bytes.count, out.baseAddress, &size, EVP_sha256(), nil)
            }
        }
        // A digest of in-memory bytes only fails when OpenSSL itself is broken.
        precondition(ok == 1 && Int(size) == sha256Length, "OpenSSL SHA-256 failed: \(drainErrors())")
        return digest
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: sha256Length)
        var size: UInt32 = 0
        let result = withNonNullBytes(key) { keyPointer in
            withNonNullBytes(message) { messagePointer in
                mac.withUnsafeMutableBufferPointer { out in
                    COpenSSL.HMAC(EVP_sha256(), keyPointer, Int32(key.count), messagePointer, message.count, out.baseAddress, &size)
                }
            }
        }
        precondition(result != nil && Int(size) == sha256Length, "OpenSSL HMAC-SHA256 failed: \(drainErrors())")
        return mac
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, a.count) == 0 }
        }
    }

    static func scrypt(
        password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, maxMemory: UInt64, length: Int
    ) throws(CryptoError) -> [UInt8] {
        _ = drainErrors()
        var key = [UInt8](repeating: 0, count: length)
        let ok = withNonNullBytes(password) { passwordPointer in
            withNonNullBytes(salt) { saltPointer in
                key.withUnsafeMutableBufferPointer { out in
                    passwordPointer.withMemoryRebound(to: CChar.self, capacity: max(password.count, 1)) { passwordChars in
                        EVP_PBE_scrypt(
                            passwordChars, password.count, saltPointer, salt.count,
                            n, r, p, maxMemory, out.baseAddress, length
                        )
                    }
                }
            }
        }
        guard ok == 1 else {
            // EVP_PBE_scrypt reports rejected parameters with an empty queue.
            let detail = drainErrors()
            throw .operationFailed("scrypt derivation failed" + (detail.isEmpty ? " (parameters rejected)" : ": \(detail)"))
        }
        return key
    }

    /// Pops every queued OpenSSL error and joins their texts.
    static func drainErrors() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.joined(separator: "; ")
    }

    /// Calls `body` with a pointer that is never nil, even for an empty
    /// array: some OpenSSL calls treat a NULL key or input as "absent"
    /// rather than "empty".
    private static func withNonNullBytes<Result>(
        _ bytes: [UInt8], _ body: (UnsafePointer<UInt8>) -> Result
    ) -> Result {
        if bytes.isEmpty {
            var placeholder: UInt8 = 0
            return withUnsafePointer(to: &placeholder) { body($0) }
        }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
