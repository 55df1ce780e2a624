import ArgumentParser

/// `--data-dir`, shared by every command: flag, then `GRANTDESK_DATA_DIR`,
/// then `.grantdesk` in the working directory.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"),
            help: "Where sessions, console users, the audit log and certificates live (default: $GRANTDESK_DATA_DIR or .grantdesk).")
    var dataDir: String?

    func resolve(_ environment: [String: String]) -> String {
        dataDir ?? environment["GRANTDESK_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".grantdesk"
    }

    /// The resolved directory, created or fixed to be owner-only (0700, files
    /// 0600) with the umask set to match; every command that opens it calls this first.
    func prepare(_ environment: [String: String]) throws -> String {
        let path = resolve(environment)
        try PrivateDataDirectory.prepare(path)
        return path
    }
}
