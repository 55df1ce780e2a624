import CryptoPrimitives
import GrantModel

/// The signing keys an identity provider publishes at its `jwks_uri`. Only
/// keys GrantDesk can use are kept: RSA (RS256) and EC P-256 (ES256), not
/// marked for encryption. Keys the set cannot parse are skipped, so one odd
/// key does not lock everyone out.
struct JSONWebKeySet: Sendable {
    struct Key: Sendable {
        var id: String?
        var key: JWSPublicKey
    }

    var keys: [Key]

    init(keys: [Key]) {
        self.keys = keys
    }

    /// Parses a JWKS document.
    init(parsing body: [UInt8]) throws(SingleSignOnError) {
        guard let document = try? JSONValue(parsing: body), let entries = document["keys"]?.arrayValue else {
            throw .invalidProviderData("the JWKS document is not a JSON object with a \"keys\" array")
        }
        keys = entries.compactMap(Self.key)
    }

    private static func key(_ entry: JSONValue) -> Key? {
        if let use = entry["use"]?.stringValue, use != "sig" { return nil }
        func bytes(_ name: String) -> [UInt8]? { entry[name]?.stringValue.flatMap(Base64URL.decode) }
        let declared = entry["alg"]?.stringValue
        let key: JWSPublicKey?
        switch entry["kty"]?.stringValue {
        case "RSA" where declared == nil || declared == JWSAlgorithm.rs256.rawValue:
            key = bytes("n").flatMap { n in bytes("e").flatMap { e in try? JWSPublicKey.rsa(modulus: n, exponent: e) } }
        case "EC" where entry["crv"]?.stringValue == "P-256" && (declared == nil || declared == JWSAlgorithm.es256.rawValue):
            key = bytes("x").flatMap { x in bytes("y").flatMap { y in try? JWSPublicKey.p256(x: x, y: y) } }
        default:
            key = nil
        }
        return key.map { Key(id: entry["kid"]?.stringValue, key: $0) }
    }

    /// The key for a token header's `kid` and `alg`. Without a `kid`, the
    /// only key of that algorithm, if there is exactly one.
    func key(id: String?, algorithm: JWSAlgorithm) -> JWSPublicKey? {
        let candidates = keys.filter { $0.key.algorithm == algorithm }
        guard let id else { return candidates.count == 1 ? candidates[0].key : nil }
        return candidates.first { $0.id == id }?.key
    }
}
