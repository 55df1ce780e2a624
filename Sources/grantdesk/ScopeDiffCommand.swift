import ArgumentParser
import GrantModel

/// `grantdesk scope diff OLD NEW`: changes in words and the widening verdict.
///
/// Exit status: 0 the new scope does not widen access, 3 it widens access,
/// 1 a file is unreadable or not a valid scope.
struct ScopeDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two ApiScope JSON files and say whether the new one widens access.",
        discussion: "Exit status: 0 does not widen access, 3 widens access, 1 a file is unreadable or invalid."
    )

    // Accepted like every command's (console.md); scope commands keep no state there.
    @OptionGroup var dataDirectory: DataDirectoryOption

    @Argument(help: "The old ApiScope JSON file.")
    var old: String

    @Argument(help: "The new ApiScope JSON file.")
    var new: String

    func run() throws {
        let oldScope = try ScopeFiles.scope(at: old, mode: .lenient)
        let newScope = try ScopeFiles.scope(at: new, mode: .lenient)
        let diff = newScope.diff(from: oldScope)
        for line in diff.summaryLines { print(line) }
        if diff.widens { throw ExitCode(3) }
    }
}
