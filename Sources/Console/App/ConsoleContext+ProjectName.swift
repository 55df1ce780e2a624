import AccountsAPI

extension ConsoleContext {
    /// This context with `projectName` filled in from the upstream, for the
    /// breadcrumb and navigation of pages whose handlers do not read the
    /// project themselves (editor, rooms, members). The name is an aid: when
    /// the project cannot be read the id stands in, and the handler's own
    /// calls report the failure.
    func withProjectName(from accounts: AccountsClient) async throws -> ConsoleContext {
        var context = self
        let pid = try parameters.require("pid")
        if let project = try? await accounts.project(pid) { context.projectName = visible(project.displayName) }
        return context
    }
}
