import Foundation
import Mustache
import Synchronization

/// A template model whose fields templates read without a full reflection
/// walk.
///
/// Without this, swift-mustache answers every `{{name}}` by reflecting the
/// value and testing each stored property's label in turn, decoding every
/// property's type on the way; on a 2,000-row table that walk is most of the
/// page's time. Conforming types are still read by reflection (so a new field
/// needs no extra code), but the position of each field name is remembered
/// per type and only that one property is read.
protocol TemplateFields: MustacheParent {}

extension TemplateFields {
    func child(named name: String) -> Any? {
        let children = Mirror(reflecting: self).children
        guard let offset = TemplateFieldOffsets.shared.offset(of: name, in: Self.self, children: children) else {
            return nil
        }
        let value = children[children.index(children.startIndex, offsetBy: offset)].value
        // Like swift-mustache's own lookup: an optional field reads as its value, or as missing.
        if let optional = value as? any TemplateOptional { return optional.templateValue }
        return value
    }
}

/// Optional fields seen through `Any`.
private protocol TemplateOptional {
    var templateValue: Any? { get }
}

extension Optional: TemplateOptional {
    fileprivate var templateValue: Any? { self.map { $0 as Any } }
}

/// Field name → stored-property position, per type, filled on first use.
private final class TemplateFieldOffsets: Sendable {
    static let shared = TemplateFieldOffsets()

    private let offsets = Mutex<[ObjectIdentifier: [String: Int]]>([:])

    func offset(of name: String, in type: Any.Type, children: Mirror.Children) -> Int? {
        let key = ObjectIdentifier(type)
        if let known = offsets.withLock({ $0[key] }) { return known[name] }
        // Built outside the lock; two renders racing on a new type build the same table.
        var table: [String: Int] = [:]
        for (index, child) in children.enumerated() {
            if let label = child.label, table[label] == nil { table[label] = index }
        }
        offsets.withLock { $0[key] = table }
        return table[name]
    }
}
