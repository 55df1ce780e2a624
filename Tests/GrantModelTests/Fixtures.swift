import Foundation
@testable import GrantModel

/// Reads conformance files: from `../shared/conformance` beside the clone when
/// it exists (the reference), else from the copy committed in the repository.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ name: String) -> URL {
        let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/\(name)")
        if FileManager.default.fileExists(atPath: shared.path) { return shared }
        return packageRoot.appendingPathComponent("Tests/Fixtures/GrantModel/\(name)")
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: bytes(name))
    }

    /// One vector of apiscope-vectors.jsonl.
    struct Vector: Sendable {
        let id: JSONValue
        let scope: JSONValue
        let check: String
        let args: JSONValue
        let expect: Bool
    }

    static func vectors() throws -> [Vector] {
        let text = String(decoding: try bytes("apiscope-vectors.jsonl"), as: UTF8.self)
        return try text.split(separator: "\n").map { line in
            let value = try JSONValue(parsing: String(line))
            return Vector(
                id: value["id"] ?? .null, scope: value["scope"] ?? .null,
                check: value["check"]?.stringValue ?? "", args: value["args"] ?? .null,
                expect: value["expect"]?.boolValue ?? false)
        }
    }
}
