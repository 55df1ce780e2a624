import CryptoPrimitives
public import GrantModel

/// A JSON Web Token in compact serialisation (RFC 7519), signed with
/// HMAC-SHA256 (`HS256`), the only algorithm MeshAgent's participant tokens
/// use. Parsing refuses every other `alg`, `none` included, so a token can
/// never pass as "verified" by naming a weaker algorithm.
public struct CompactJWT: Sendable, Hashable {
    /// The JOSE header (`alg`, `typ`, ...), members in the token's order.
    public let header: JSONObject
    /// The claims, members in the token's order.
    public let payload: JSONObject
    /// The first two segments as sent: what the signature covers.
    let signingInput: [UInt8]
    /// The decoded third segment.
    let signature: [UInt8]

    /// The only algorithm accepted.
    public static let algorithm = "HS256"

    /// Reads a compact token: three Base64URL segments (no padding) holding a
    /// JSON object header, a JSON object payload and the signature. Surrounding
    /// whitespace is ignored; anything else wrong is an error naming the segment.
    public init(parsing text: String) throws(JWTError) {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        let segments = trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard segments.count == 3 else { throw .segmentCount(segments.count) }
        header = try Self.object(segments[0], .header)
        guard case .string(let alg)? = header["alg"] else { throw .missingAlgorithm }
        guard alg == Self.algorithm else { throw .unsupportedAlgorithm(alg) }
        payload = try Self.object(segments[1], .payload)
        // A signature of the wrong length is read as is: it is a signature that does not verify.
        guard let signature = Base64URL.decode(segments[2]) else { throw .badBase64(.signature) }
        self.signature = signature
        signingInput = Array("\(segments[0]).\(segments[1])".utf8)
    }

    /// Whether the signature is HMAC-SHA256 of the first two segments under
    /// `secret`, compared in constant time.
    public func hasValidSignature(secret: [UInt8]) -> Bool {
        ConstantTime.equals(HMAC.sha256(key: secret, message: signingInput), signature)
    }

    /// `payload` signed under `secret` as a compact token with the header
    /// `{"alg":"HS256","typ":"JWT"}` (the header PyJWT writes).
    public static func signed(payload: JSONObject, secret: [UInt8]) -> String {
        let header: JSONValue = ["alg": .string(algorithm), "typ": "JWT"]
        let input = Base64URL.encode(Array(header.serialized().utf8)) + "."
            + Base64URL.encode(Array(JSONValue.object(payload).serialized().utf8))
        return input + "." + Base64URL.encode(HMAC.sha256(key: secret, message: Array(input.utf8)))
    }

    private static func object(_ segment: String, _ part: JWTError.Segment) throws(JWTError) -> JSONObject {
        guard let bytes = Base64URL.decode(segment) else { throw .badBase64(part) }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .badJSON(part, error.description)
        }
        guard case .object(let object) = value else { throw .notAnObject(part) }
        return object
    }
}

/// Why a text is not a usable participant token, in words for the person who pasted it.
public enum JWTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One of the three parts of a compact token.
    public enum Segment: String, Sendable, Hashable {
        case header, payload, signature
    }

    case empty
    case segmentCount(Int)
    case badBase64(Segment)
    case badJSON(Segment, String)
    case notAnObject(Segment)
    case missingAlgorithm
    case unsupportedAlgorithm(String)

    public var description: String {
        switch self {
        case .empty:
            "No token was given."
        case .segmentCount(let count):
            "A token has three parts separated by dots (header.payload.signature); this one has \(count)."
        case .badBase64(let segment):
            "The \(segment.rawValue) is not valid Base64URL (letters, digits, - and _, without = padding)."
        case .badJSON(let segment, let problem):
            "The \(segment.rawValue) decodes, but is not valid JSON: \(problem)."
        case .notAnObject(let segment):
            "The \(segment.rawValue) is JSON, but not an object."
        case .missingAlgorithm:
            "The header names no algorithm (alg); participant tokens are signed with HS256."
        case .unsupportedAlgorithm(let alg):
            alg == "none"
                ? "The header says alg \"none\" (unsigned); such a token is refused: participant tokens are signed with HS256."
                : "The header names the algorithm \(JSONValue.string(alg).serialized()); only HS256 is accepted, as MeshAgent signs participant tokens with it."
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
