@testable import Console
@testable import GrantModel
import Testing

/// The editor's form is drawn from `ScopeSchema`; the model knows the scope
/// from `ScopeSection` and each section's fields. A section or field added to
/// the model but not to the schema would silently be missing from the form
/// (and the other way round, a form field the model drops): these tie them.
@Suite struct ScopeSchemaCoverageTests {
    @Test func everyScopeSectionHasOneSchemaSectionAndViceVersa() {
        let schemaKeys = ScopeSchema.sections.map(\.key)
        #expect(Set(schemaKeys).count == schemaKeys.count, "a section appears twice in the schema: \(schemaKeys)")
        #expect(Set(schemaKeys) == Set(ScopeSection.allCases.map(\.key)))
        for section in ScopeSection.allCases {
            #expect(ScopeSchema.section(forKey: section.key)?.key == section.key, "\(section) has no schema entry")
        }
    }

    @Test func everySchemaSectionHasExactlyTheModelsFields() {
        let known = ApiScope.knownKeyPaths
        for section in ScopeSchema.sections {
            let modelFields = Set(known.filter { $0.count == 2 && $0[0] == section.key }.map { $0[1] })
            let schemaFields = section.fields.map(\.key)
            #expect(Set(schemaFields).count == schemaFields.count, "\(section.key) lists a field twice")
            #expect(Set(schemaFields) == modelFields, "\(section.key): schema \(schemaFields.sorted()), model \(modelFields.sorted())")
        }
    }

    @Test func schemaAliasesAreTheModelsAliases() {
        for field in ApiScope.fields {
            #expect(ScopeSchema.section(forKey: field.key)?.aliases == field.aliases, "\(field.key)")
        }
    }
}
