public import GrantModel

extension AccountsClient {
    /// `GET /accounts/projects`: the projects the token can see.
    public func projects() async throws(UpstreamError) -> [Project] {
        try await send("GET", AccountsPath("/accounts/projects"), as: ProjectList.self).projects
    }

    /// `GET /accounts/projects/{pid}`.
    public func project(_ projectID: String) async throws(UpstreamError) -> Project {
        try await send("GET", .project(projectID), as: Project.self)
    }

    /// `GET …/role`: the caller's role in the project.
    public func myRole(projectID: String) async throws(UpstreamError) -> ProjectRole {
        try await send("GET", .project(projectID, "/role"), as: ProjectRole.self)
    }

    /// `GET /accounts/profiles/me`: who the token belongs to.
    public func me() async throws(UpstreamError) -> Profile {
        try await send("GET", AccountsPath("/accounts/profiles/me"), as: Profile.self)
    }
}
