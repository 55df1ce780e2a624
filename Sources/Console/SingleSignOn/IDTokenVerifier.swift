import CryptoPrimitives
import Foundation
import GrantModel

/// What a verified ID token says about the person signing in.
struct IDTokenClaims: Sendable, Equatable {
    var issuer: String
    var subject: String
    var email: String?
    var name: String?
    /// The values of the groups claim (a JSON array of strings, or one string).
    var groups: [String]
}

/// Checks an ID token (OpenID Connect Core 1.0 §3.1.3.7): a compact JWS
/// signed with RS256 or ES256 by a key from the provider's JWKS, issued by
/// the configured issuer to this client, not expired, not issued in the
/// future, and carrying the nonce this sign-in sent.
struct IDTokenVerifier: Sendable {
    var issuer: String
    var clientID: String
    var groupsClaim: String
    var clock: ConsoleClock
    /// Allowed difference between our clock and the provider's.
    var clockSkew: TimeInterval = 60
    let keys: JWKSCache

    func verify(_ token: String, nonce expectedNonce: String) async throws(SingleSignOnError) -> IDTokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(String(parts[0])),
              let payloadBytes = Base64URL.decode(String(parts[1])), let signature = Base64URL.decode(String(parts[2])),
              let header = try? JSONValue(parsing: headerBytes), let claims = try? JSONValue(parsing: payloadBytes),
              claims.objectValue != nil
        else { throw .invalidToken("it is not a signed JWT") }
        guard let algorithmName = header["alg"]?.stringValue, let algorithm = JWSAlgorithm(rawValue: algorithmName) else {
            throw .invalidToken("its algorithm \(header["alg"]?.stringValue.map { "'\($0)'" } ?? "(none)") is not RS256 or ES256")
        }
        if header["crit"] != nil { throw .invalidToken("it has critical header parameters") }
        let key: JWSPublicKey?
        do {
            key = try await keys.key(id: header["kid"]?.stringValue, algorithm: algorithm)
        } catch let error as SingleSignOnError {
            throw error
        } catch {
            throw .providerUnavailable("the JWKS could not be fetched (\(error))")
        }
        guard let key else { throw .invalidToken("it is signed with a key the provider does not publish") }
        let signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard key.verify(signature, of: signingInput, algorithm: algorithm) else {
            throw .invalidToken("the signature does not verify")
        }
        return try check(claims, nonce: expectedNonce)
    }

    private func check(_ claims: JSONValue, nonce expectedNonce: String) throws(SingleSignOnError) -> IDTokenClaims {
        guard claims["iss"]?.stringValue == issuer else { throw .invalidToken("its issuer (iss) is not \(issuer)") }
        guard let subject = claims["sub"]?.stringValue, !subject.isEmpty, subject.utf8.count <= 255 else {
            throw .invalidToken("it has no subject (sub)")
        }
        let audiences: [String]
        if let single = claims["aud"]?.stringValue {
            audiences = [single]
        } else {
            audiences = claims["aud"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        guard audiences.contains(clientID) else { throw .invalidToken("it is not issued to this client (aud)") }
        // §3.1.3.7 item 4–5: with several audiences, the authorised party must be us.
        if let party = claims["azp"]?.stringValue ?? (audiences.count > 1 ? "" : nil), party != clientID {
            throw .invalidToken("it is issued to another party (azp)")
        }
        let now = clock.now.timeIntervalSince1970
        guard let expiry = Self.seconds(claims["exp"]) else { throw .invalidToken("it has no expiry (exp)") }
        guard now < expiry + clockSkew else { throw .invalidToken("it has expired (exp)") }
        guard let issuedAt = Self.seconds(claims["iat"]) else { throw .invalidToken("it has no issue time (iat)") }
        guard issuedAt <= now + clockSkew else { throw .invalidToken("it is issued in the future (iat)") }
        guard let nonce = claims["nonce"]?.stringValue,
              ConstantTime.equals(Array(nonce.utf8), Array(expectedNonce.utf8))
        else { throw .invalidToken("its nonce does not match this sign-in") }
        let groups: [String]
        if let one = claims[groupsClaim]?.stringValue {
            groups = [one]
        } else {
            groups = claims[groupsClaim]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return IDTokenClaims(issuer: issuer, subject: subject, email: claims["email"]?.stringValue,
                             name: claims["name"]?.stringValue, groups: groups)
    }

    /// A NumericDate (integer or fractional seconds since 1970).
    private static func seconds(_ value: JSONValue?) -> TimeInterval? {
        guard case .number(let text) = value else { return nil }
        return TimeInterval(text)
    }
}
