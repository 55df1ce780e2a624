import ArgumentParser
import GrantModel

/// `grantdesk scope validate FILE [--lenient]`: exit 0 if valid, 1 if not.
struct ScopeValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate an ApiScope JSON file; print each problem with its JSON path.",
        discussion: """
            Strict by default (for scopes people write): unknown keys are reported as probable typos, \
            as are empty values, duplicates, bad ports and misplaced wildcards. --lenient accepts what \
            the upstream may hold and reports only wrong types and missing required fields. \
            Exit status: 0 valid, 1 invalid or unreadable.
            """
    )

    // Accepted like every command's (console.md); scope commands keep no state there.
    @OptionGroup var dataDirectory: DataDirectoryOption

    @Argument(help: "The ApiScope JSON file.")
    var file: String

    @Flag(help: "Only reject what cannot be read (wrong types, missing required fields).")
    var lenient = false

    func run() throws {
        let scope = try ScopeFiles.scope(at: file, mode: lenient ? .lenient : .strict, problemsToStandardOutput: true)
        print("valid ApiScope (\(scope.label.title))")
    }
}
