public import GrantModel

extension AccountsClient {
    /// `GET …/users?count=&offset=&filter=`: the project's members.
    public func members(
        projectID: String, count: Int = 100, offset: Int = 0, filter: String = ""
    ) async throws(UpstreamError) -> MemberList {
        let path = AccountsPath.project(projectID, "/users")
            .query("count", count).query("offset", offset).query("filter", filter)
        return try await send("GET", path, as: MemberList.self)
    }

    /// `POST …/users`: adds a user to the project.
    public func addMember(projectID: String, userID: String, flags: MemberFlags = MemberFlags()) async throws(UpstreamError) {
        let body = AddMemberRequest(projectID: projectID, userID: userID, flags: flags)
        try await send("POST", .project(projectID, "/users"), body: body.json)
    }

    /// `PUT …/users/{user_id}`: sets the member's four flags.
    public func updateMember(projectID: String, userID: String, flags: MemberFlags) async throws(UpstreamError) {
        try await send("PUT", AccountsPath.project(projectID, "/users").appending(userID), body: UpdateMemberRequest(flags: flags).json)
    }

    /// `DELETE …/users/{user_id}`: removes the member from the project.
    public func removeMember(projectID: String, userID: String) async throws(UpstreamError) {
        try await send("DELETE", AccountsPath.project(projectID, "/users").appending(userID))
    }
}
