import ArgumentParser
import Foundation
import GrantModel

/// `grantdesk scope ...`: ApiScope tools for scripts and CI.
struct ScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope",
        abstract: "Check, validate, explain and compare ApiScope JSON files.",
        subcommands: [ScopeCheckCommand.self, ScopeValidateCommand.self, ScopeExplainCommand.self, ScopeDiffCommand.self]
    )
}

/// File reading and output shared by the scope subcommands.
enum ScopeFiles {
    /// The bytes of a file, or a message for the user (no internal error text).
    static func read(_ path: String) -> Result<[UInt8], ScopeFileError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ScopeFileError(message: "cannot read \(path)"))
        }
        return .success([UInt8](data))
    }

    /// Reads and decodes a scope file, or prints why not and exits with 1.
    /// Validation problems go to standard output when they are the command's
    /// answer (`validate`), else to standard error.
    static func scope(at path: String, mode: ScopeValidationMode, problemsToStandardOutput: Bool = false) throws -> ApiScope {
        let bytes: [UInt8]
        switch read(path) {
        case .success(let value): bytes = value
        case .failure(let error):
            printError(error.message)
            throw ExitCode(1)
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            printError("\(path): not valid JSON: \(error.description)")
            throw ExitCode(1)
        }
        do {
            return try ApiScope(json: json, mode: mode)
        } catch {
            let report = problemsToStandardOutput ? { print($0) } : printError
            report("\(path): not a valid ApiScope:")
            for problem in error.errors { report("  \(problem.description)") }
            throw ExitCode(1)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// A file that could not be read.
struct ScopeFileError: Error {
    let message: String
}
