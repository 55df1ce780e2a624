import ArgumentParser
import Foundation

/// Reads a password from standard input: one line. On a terminal it prompts
/// on standard error and turns echo off while typing.
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        let interactive = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if interactive {
            FileHandle.standardError.write(Data(prompt.utf8))
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if interactive {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("No password given on standard input.")
        }
        return line
    }
}
