import GrantModel
import HTTPApp

/// The room form's fields: name, metadata (a JSON object) and annotations
/// (key/value rows), read back exactly as typed so a page shown again after
/// an error loses nothing.
struct RoomForm: Sendable {
    struct Annotation: Sendable, Hashable {
        var number: Int
        var keyName: String
        var valueName: String
        var key: String
        var value: String
    }

    var name: String
    var metadata: String
    var annotations: [Annotation]
    var annotationCount: Int
    var nameError: String?
    var metadataError: String?
    var annotationsError: String?
    var hasErrors: Bool { nameError != nil || metadataError != nil || annotationsError != nil }

    static let blankAnnotations = 2

    /// The form for an existing room (or an empty one).
    init(room: Room?) {
        name = room?.name ?? ""
        metadata = JSONValue.object(room?.metadata ?? JSONObject()).serialized(pretty: true)
        let pairs = room?.annotations.map { ($0.key, $0.value) } ?? []
        annotations = []
        annotationCount = 0
        setAnnotations(pairs)
    }

    /// The form as posted.
    init(form: URLEncodedForm) {
        name = form["name"] ?? ""
        metadata = form["metadata"] ?? ""
        let count = min(Int(form["annotations"] ?? "") ?? 0, 1_000)
        var pairs: [(String, String)] = []
        for index in 0..<max(count, 0) {
            let key = form["annotation.\(index).key"] ?? ""
            let value = form["annotation.\(index).value"] ?? ""
            if key.isEmpty, value.isEmpty { continue }
            pairs.append((key, value))
        }
        annotations = []
        annotationCount = 0
        setAnnotations(pairs)
    }

    private mutating func setAnnotations(_ pairs: [(String, String)]) {
        let rows = pairs + Array(repeating: ("", ""), count: Self.blankAnnotations)
        annotations = rows.enumerated().map { index, pair in
            Annotation(number: index + 1, keyName: "annotation.\(index).key", valueName: "annotation.\(index).value",
                       key: pair.0, value: pair.1)
        }
        annotationCount = rows.count
    }

    /// Checks the fields; on success returns the trimmed name, the metadata
    /// object and the annotations in order.
    mutating func validate() -> (name: String, metadata: JSONObject, annotations: [RoomAnnotation])? {
        let trimmedName = trimmed(name)
        if trimmedName.isEmpty { nameError = "Enter a room name." }
        var object = JSONObject()
        let text = trimmed(metadata)
        if !text.isEmpty {
            do {
                let value = try JSONValue(parsing: text)
                if let parsed = value.objectValue { object = parsed } else {
                    metadataError = "Metadata must be a JSON object ({…}), not \(value.typeDescription)."
                }
            } catch {
                metadataError = "The metadata is not valid JSON at \(error.description)."
            }
        }
        var seen = Set<String>()
        var result: [RoomAnnotation] = []
        for annotation in annotations where !(annotation.key.isEmpty && annotation.value.isEmpty) {
            let key = trimmed(annotation.key)
            if key.isEmpty {
                annotationsError = "Annotation \(annotation.number) has a value but no key."
            } else if !seen.insert(key).inserted {
                annotationsError = "The annotation key “\(key)” is used twice."
            }
            result.append(RoomAnnotation(key: key, value: annotation.value))
        }
        return hasErrors ? nil : (trimmedName, object, result)
    }
}
