import ArgumentParser
import GrantModel

/// `grantdesk scope check --vectors FILE`: evaluates conformance vectors.
///
/// One JSON line per vector on standard output, `{"id": <id>, "result": true}`
/// or `{"id": <id>, "error": "<message>"}`; `expect` is ignored. Blank lines
/// are skipped. Exit 0 unless the file cannot be read (then 1).
struct ScopeCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate access-check vectors (JSON lines) and print one result line per vector."
    )

    // Accepted like every command's (console.md); scope commands keep no state there.
    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(name: .long, help: "A JSON-lines file of {id, scope, check, args} vectors.")
    var vectors: String

    func run() throws {
        let bytes: [UInt8]
        switch ScopeFiles.read(vectors) {
        case .success(let value): bytes = value
        case .failure(let error):
            ScopeFiles.printError(error.message)
            throw ExitCode(1)
        }
        for line in ScopeVector.resultLines(forFile: bytes) { print(line) }
    }
}
