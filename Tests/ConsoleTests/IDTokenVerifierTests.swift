@testable import Console
import CryptoPrimitives
import Foundation
import GrantDeskTesting
import GrantModel
import Synchronization
import Testing

/// The ID token verifier through OpenSSL with keys a test provider made:
/// RS256 and ES256 accepted; a bad signature, the wrong issuer, audience,
/// authorised party or nonce, an expired token, one issued in the future,
/// an unknown key and `alg: none` refused; an unknown `kid` refreshes the
/// JWKS once.
@Suite struct IDTokenVerifierTests {
    static let issuer = "https://idp.example.test"
    static let client = "grantdesk"

    /// A provider: signing keys, its JWKS document (which tests may change) and a fetch counter.
    final class Provider: Sendable {
        let rsa: JWSSigningKey
        let ec: JWSSigningKey
        let published = Mutex<[(kid: String, key: JWSSigningKey)]>([])

        init() throws {
            rsa = try JWSSigningKey(generating: .rs256)
            ec = try JWSSigningKey(generating: .es256)
            published.withLock { $0 = [("rsa-1", rsa), ("ec-1", ec)] }
        }

        func jwks() throws -> [UInt8] {
            let keys = try published.withLock { list in
                try list.map { entry -> JSONValue in
                    var members = try entry.key.publicJWK().map { (key: $0.key, value: JSONValue.string($0.value)) }
                    members.append((key: "kid", value: .string(entry.kid)))
                    return .object(JSONObject(members.sorted { $0.key < $1.key }))
                }
            }
            return Array(JSONValue.object(["keys": .array(keys)]).serialized().utf8)
        }

        func token(_ key: JWSSigningKey, kid: String?, alg: String? = nil, claims: [String: JSONValue]) throws -> String {
            var header: [(key: String, value: JSONValue)] = [("alg", .string(alg ?? key.algorithm.rawValue)), ("typ", "JWT")]
            if let kid { header.append(("kid", .string(kid))) }
            let head = Base64URL.encode(Array(JSONValue.object(JSONObject(header)).serialized().utf8))
            let body = Base64URL.encode(Array(JSONValue.object(JSONObject(claims.map { ($0.key, $0.value) })).serialized().utf8))
            let signature = try key.sign(Array("\(head).\(body)".utf8))
            return "\(head).\(body).\(Base64URL.encode(signature))"
        }
    }

    let provider: Provider
    let clock = TestClock()
    let fetches = Counter()

    final class Counter: Sendable {
        private let value = Mutex(0)
        func withLock<T>(_ body: (inout Int) -> T) -> T { value.withLock { body(&$0) } }
    }

    init() throws {
        provider = try Provider()
    }

    func verifier(refreshInterval: TimeInterval = 60) -> IDTokenVerifier {
        let cache = JWKSCache(clock: clock.consoleClock, minimumRefreshInterval: refreshInterval) { [provider, fetches] in
            fetches.withLock { $0 += 1 }
            return try provider.jwks()
        }
        return IDTokenVerifier(issuer: Self.issuer, clientID: Self.client, groupsClaim: "groups",
                               clock: clock.consoleClock, keys: cache)
    }

    func claims(_ changes: [String: JSONValue?] = [:]) -> [String: JSONValue] {
        let now = Int(clock.date.timeIntervalSince1970)
        var claims: [String: JSONValue] = [
            "iss": .string(Self.issuer), "sub": "248289761001", "aud": .string(Self.client),
            "exp": .integer(now + 300), "iat": .integer(now), "nonce": "n-0S6_WzA2Mj",
            "email": "alice@example.com", "groups": .array(["grantdesk-admins", "other"]),
        ]
        for (key, value) in changes { claims[key] = value }
        return claims
    }

    func refusal(_ token: String, nonce: String = "n-0S6_WzA2Mj") async -> SingleSignOnError? {
        do {
            _ = try await verifier().verify(token, nonce: nonce)
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsRS256AndES256() async throws {
        let verifier = verifier()
        let rsa = try await verifier.verify(provider.token(provider.rsa, kid: "rsa-1", claims: claims()), nonce: "n-0S6_WzA2Mj")
        #expect(rsa == IDTokenClaims(issuer: Self.issuer, subject: "248289761001", email: "alice@example.com", name: nil,
                                     groups: ["grantdesk-admins", "other"]))
        let ec = try await verifier.verify(provider.token(provider.ec, kid: "ec-1", claims: claims()), nonce: "n-0S6_WzA2Mj")
        #expect(ec.subject == "248289761001")
        // One JWKS fetch serves both.
        #expect(fetches.withLock { $0 } == 1)
    }

    @Test func refusesABadSignature() async throws {
        let token = try provider.token(provider.rsa, kid: "rsa-1", claims: claims())
        var parts = token.split(separator: ".").map(String.init)
        // Same header and signature, a payload claiming another subject.
        parts[1] = Base64URL.encode(Array(JSONValue.object(JSONObject(claims(["sub": "admin"]).map { ($0.key, $0.value) }))
            .serialized().utf8))
        #expect(await refusal(parts.joined(separator: ".")) == .invalidToken("the signature does not verify"))
        // ES256 with one bit of the signature flipped.
        let ec = try provider.token(provider.ec, kid: "ec-1", claims: claims())
        var signature = Base64URL.decode(String(ec.split(separator: ".")[2]))!
        signature[10] ^= 0x01
        let flipped = ec.split(separator: ".")[0...1].joined(separator: ".") + "." + Base64URL.encode(signature)
        #expect(await refusal(flipped) == .invalidToken("the signature does not verify"))
    }

    @Test func refusesAlgorithmConfusion() async throws {
        // An RS256 key's token relabelled ES256 (and the reverse) never verifies.
        let relabelled = try provider.token(provider.rsa, kid: "rsa-1", alg: "ES256", claims: claims())
        #expect(await refusal(relabelled) == .invalidToken("it is signed with a key the provider does not publish"))
        let none = try provider.token(provider.rsa, kid: "rsa-1", alg: "none", claims: claims())
        #expect(await refusal(none) == .invalidToken("its algorithm 'none' is not RS256 or ES256"))
        let hmac = try provider.token(provider.rsa, kid: "rsa-1", alg: "HS256", claims: claims())
        #expect(await refusal(hmac) == .invalidToken("its algorithm 'HS256' is not RS256 or ES256"))
    }

    @Test func refusesWrongIssuerAudienceAndNonce() async throws {
        let key = provider.rsa
        #expect(try await refusal(provider.token(key, kid: "rsa-1", claims: claims(["iss": "https://evil.example"])))
            == .invalidToken("its issuer (iss) is not \(Self.issuer)"))
        #expect(try await refusal(provider.token(key, kid: "rsa-1", claims: claims(["aud": "someone-else"])))
            == .invalidToken("it is not issued to this client (aud)"))
        #expect(try await refusal(provider.token(key, kid: "rsa-1", claims: claims(["aud": .array(["someone-else", .string(Self.client)])])))
            == .invalidToken("it is issued to another party (azp)"))
        let several = try await verifier().verify(
            provider.token(key, kid: "rsa-1", claims: claims(["aud": .array(["api", .string(Self.client)]), "azp": .string(Self.client)])),
            nonce: "n-0S6_WzA2Mj")
        #expect(several.subject == "248289761001")
        #expect(try await refusal(provider.token(key, kid: "rsa-1", claims: claims()), nonce: "another-nonce")
            == .invalidToken("its nonce does not match this sign-in"))
        #expect(try await refusal(provider.token(key, kid: "rsa-1", claims: claims(["nonce": nil])))
            == .invalidToken("its nonce does not match this sign-in"))
    }

    @Test func checksTimesWithASmallSkew() async throws {
        let now = Int(clock.date.timeIntervalSince1970)
        let key = provider.ec
        #expect(try await refusal(provider.token(key, kid: "ec-1", claims: claims(["exp": .integer(now - 61)])))
            == .invalidToken("it has expired (exp)"))
        #expect(try await refusal(provider.token(key, kid: "ec-1", claims: claims(["iat": .integer(now + 120)])))
            == .invalidToken("it is issued in the future (iat)"))
        #expect(try await refusal(provider.token(key, kid: "ec-1", claims: claims(["exp": nil])))
            == .invalidToken("it has no expiry (exp)"))
        // Within the skew either way: accepted.
        let skewed = claims(["exp": .integer(now - 30), "iat": .integer(now + 30)])
        #expect(try await verifier().verify(provider.token(key, kid: "ec-1", claims: skewed), nonce: "n-0S6_WzA2Mj").subject
            == "248289761001")
    }

    @Test func unknownKidRefreshesTheKeySetOnce() async throws {
        let verifier = verifier()
        _ = try await verifier.verify(provider.token(provider.rsa, kid: "rsa-1", claims: claims()), nonce: "n-0S6_WzA2Mj")
        #expect(fetches.withLock { $0 } == 1)
        // The provider rotates to a new key; a token signed with it makes the cache fetch again.
        clock.advance(120)
        let rotated = try JWSSigningKey(generating: .rs256)
        provider.published.withLock { $0.append(("rsa-2", rotated)) }
        let fresh = try provider.token(rotated, kid: "rsa-2", claims: claims())
        #expect(try await verifier.verify(fresh, nonce: "n-0S6_WzA2Mj").subject == "248289761001")
        #expect(fetches.withLock { $0 } == 2)
        // A made-up kid right after: refused without another fetch.
        let stranger = try JWSSigningKey(generating: .rs256)
        do {
            _ = try await verifier.verify(provider.token(stranger, kid: "made-up", claims: claims()), nonce: "n-0S6_WzA2Mj")
            Issue.record("a token signed with an unpublished key was accepted")
        } catch {
            #expect(error as? SingleSignOnError == .invalidToken("it is signed with a key the provider does not publish"))
        }
        #expect(fetches.withLock { $0 } == 2)
        // Later, an unknown kid refreshes once more, and is still refused.
        clock.advance(120)
        #expect(await (try? verifier.verify(provider.token(stranger, kid: "made-up", claims: claims()), nonce: "n-0S6_WzA2Mj")) == nil)
        #expect(fetches.withLock { $0 } == 3)
    }

    @Test func refusesMalformedKeysAndTokens() async throws {
        #expect(await refusal("not-a-jwt") == .invalidToken("it is not a signed JWT"))
        #expect(await refusal("a.b.c") == .invalidToken("it is not a signed JWT"))
        // A P-256 point that is not on the curve is not a key.
        #expect(throws: CryptoError.self) { try JWSPublicKey.p256(x: [UInt8](repeating: 1, count: 32), y: [UInt8](repeating: 2, count: 32)) }
        // RSA under 2048 bits is refused.
        #expect(throws: CryptoError.self) { try JWSPublicKey.rsa(modulus: [UInt8](repeating: 0xC1, count: 128), exponent: [1, 0, 1]) }
    }
}
