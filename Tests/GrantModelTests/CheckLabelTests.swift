import Testing
import GrantModel

/// The words the access page shows for each check come from one table.
@Suite struct CheckLabelTests {
    @Test("every ScopeCheck has its own label in words, not its internal name")
    func everyCheckHasALabel() {
        for check in ScopeCheck.allCases {
            let label = ScopeCheck.labels[check]
            #expect(label != nil, "no label for \(check.name)")
            #expect(label?.isEmpty == false, "\(check.name)")
            #expect(label?.contains(".") == false, "\(check.name): \(label ?? "")")
        }
        let labels = ScopeCheck.allCases.map(\.label)
        #expect(Set(labels).count == labels.count, "two checks share a label")
        #expect(ScopeCheck.labels.count == ScopeCheck.allCases.count)
    }

    @Test("label and signature of a check")
    func labelAndSignature() {
        #expect(ScopeCheck.datasetCanWrite.label == "Write to a table")
        #expect(ScopeCheck.datasetCanWrite.signature == "dataset.can_write(table)")
        #expect(ScopeCheck.llmCanUseModel.signature == "llm.can_use_model(provider, model)")
        #expect(ScopeCheck.adminConfig.signature == "admin.config")
    }
}
