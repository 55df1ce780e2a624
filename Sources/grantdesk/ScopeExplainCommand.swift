import ArgumentParser
import GrantModel

/// `grantdesk scope explain FILE`: the scope in readable lines.
struct ScopeExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an ApiScope JSON file section by section, with its label and risks."
    )

    // Accepted like every command's (console.md); scope commands keep no state there.
    @OptionGroup var dataDirectory: DataDirectoryOption

    @Argument(help: "The ApiScope JSON file (read leniently: unknown keys are shown, not rejected).")
    var file: String

    func run() throws {
        let scope = try ScopeFiles.scope(at: file, mode: .lenient)
        print("Label: \(scope.label.title)")
        let risks = scope.risks
        print(risks.isEmpty ? "Risks: none" : "Risks:")
        for risk in risks { print("  ! \(risk.message)") }
        print(scope.explanationText)
    }
}
