import ArgumentParser
import Console
import Foundation

/// `grantdesk users …`: console users (not MeshAgent users).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage console users.",
        subcommands: [Add.self, List.self, Remove.self, SetPassword.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a console user; the password is read from standard input.")
        @Argument(help: "The user name.") var name: String
        @Option(help: "admin or reviewer.") var role: ConsoleRole
        @OptionGroup var dataDirectory: DataDirectoryOption
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await UsersCommand.store(dataDirectory, database)
            let password = try PasswordInput.read(prompt: "Password for \(name): ")
            try await UsersCommand.report { try await store.add(name: name, role: role, password: password) }
            print("Added \(role.rawValue) \(name).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List console users.")
        @OptionGroup var dataDirectory: DataDirectoryOption
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await UsersCommand.store(dataDirectory, database)
            let formatter = ISO8601DateFormatter()
            for user in try await store.list() {
                print("\(user.name)\t\(user.role.rawValue)\t\(formatter.string(from: user.createdAt))")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a console user and end their sessions.")
        @Argument(help: "The user name.") var name: String
        @OptionGroup var dataDirectory: DataDirectoryOption
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await UsersCommand.store(dataDirectory, database)
            try await UsersCommand.report { try await store.remove(name: name) }
            print("Removed \(name).")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Replace a console user's password (read from standard input); ends their sessions.")
        @Argument(help: "The user name.") var name: String
        @OptionGroup var dataDirectory: DataDirectoryOption
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await UsersCommand.store(dataDirectory, database)
            let password = try PasswordInput.read(prompt: "New password for \(name): ")
            try await UsersCommand.report { try await store.setPassword(name: name, password: password) }
            print("Changed the password of \(name).")
        }
    }

    static func store(_ directory: DataDirectoryOption, _ database: DatabaseOption) async throws -> UserStore {
        let environment = ProcessInfo.processInfo.environment
        return UserStore(database: try await database.open(environment, directory: directory.prepare(environment)))
    }

    /// Runs `body`, turning a refused request into a one-line message and exit code 1.
    static func report(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as UserStore.Failure {
            FileHandle.standardError.write(Data("grantdesk: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension ConsoleRole: ExpressibleByArgument {}
