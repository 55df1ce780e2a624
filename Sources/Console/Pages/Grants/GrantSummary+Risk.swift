import GrantModel

extension GrantSummary {
    /// Broad grants an admin should notice, most serious first.
    static func riskFlags(_ scope: ApiScope) -> [Badge] {
        var flags: [Badge] = []
        if scope.admin != nil {
            flags.append(Badge("admin", kind: .risk, title: "admin: may change the room's configuration"))
        }
        if let tunnels = scope.tunnels, tunnels.ports?.isEmpty ?? true {
            flags.append(Badge("all ports", kind: .risk, title: "tunnels: may forward any port into the room"))
        }
        if let secrets = scope.secrets, secrets.requestOauthToken == nil {
            flags.append(Badge("any OAuth token", kind: .warn, title: "secrets: may request OAuth tokens for any endpoint"))
        }
        if let llm = scope.llm, llm.models == nil {
            flags.append(Badge("any LLM", kind: .warn, title: "llm: may use every model of every provider"))
        }
        if let containers = scope.containers, containers.run == nil {
            flags.append(Badge("any image", kind: .warn, title: "containers: may run any image"))
        }
        if let storage = scope.storage, storage.paths == nil {
            flags.append(Badge("all storage", kind: .warn, title: "storage: may read and write every path"))
        }
        return flags
    }
}
