import ArgumentParser

@main
struct GrantDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grantdesk",
        abstract: "An admin console for MeshAgent room grants.",
        subcommands: [ServeCommand.self, UsersCommand.self, AuditCommand.self, AccountsServerCommand.self, ScopeCommand.self,
                      ExportCommand.self, PlanCommand.self, ApplyCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
