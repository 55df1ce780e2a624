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
}
