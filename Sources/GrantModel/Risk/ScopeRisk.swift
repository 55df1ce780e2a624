/// A broad power a scope grants that a reviewer should notice.
public struct ScopeRisk: Sendable, Hashable, CustomStringConvertible {
    /// Which power.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// May change the room's configuration.
        case admin
        /// May forward ports into the room.
        case tunnels
        /// May pull any container image.
        case unrestrictedContainerPull = "unrestricted_container_pull"
        /// May run any container image.
        case unrestrictedContainerRun = "unrestricted_container_run"
        /// May request any OAuth token.
        case unrestrictedSecrets = "unrestricted_secrets"
        /// May use any language model.
        case unrestrictedLLM = "unrestricted_llm"
        /// May write anywhere in room storage.
        case writeAllStorage = "write_all_storage"
        /// May write every synchronised document.
        case writeAllSync = "write_all_sync"
    }

    /// Which power.
    public let kind: Kind
    /// In words: "Can forward any network port into the room".
    public let message: String

    /// `message`.
    public var description: String { message }
}

extension ApiScope {
    /// The broad powers this scope grants, in a fixed order.
    public var risks: [ScopeRisk] {
        var risks: [ScopeRisk] = []
        func add(_ kind: ScopeRisk.Kind, _ message: String) { risks.append(ScopeRisk(kind: kind, message: message)) }
        if let admin, admin.config ?? true {
            add(.admin, "Can change the room's configuration (admin)")
        }
        if let tunnels {
            add(.tunnels, tunnels.allowsEveryPort
                ? "Can forward any network port into the room"
                : "Can forward network ports \(Words.list(tunnels.ports ?? [], limit: 10)) into the room")
        }
        if let containers, containers.useContainers ?? true {
            if containers.pull.map({ $0.contains("*") }) ?? true { add(.unrestrictedContainerPull, "Can pull any container image") }
            if containers.run.map({ $0.contains("*") }) ?? true { add(.unrestrictedContainerRun, "Can run any container image") }
        }
        if let secrets, secrets.requestOauthToken == nil {
            add(.unrestrictedSecrets, "Can request OAuth tokens for any endpoint and client")
        }
        if let llm, llm.models.map({ $0.contains("*") }) ?? true {
            add(.unrestrictedLLM, "Can use any language model of any provider")
        }
        if let storage, Self.writesEverywhere(storage.paths, everything: "") {
            add(.writeAllStorage, "Can write anywhere in room storage")
        }
        if let sync, Self.writesEverywhere(sync.paths, everything: "*") {
            add(.writeAllSync, "Can write every synchronised document")
        }
        return risks
    }

    /// Whether the first-match path list lets every path be written: absent,
    /// or an entry matching everything that no read-only entry precedes.
    static func writesEverywhere(_ paths: [PathGrant]?, everything: String) -> Bool {
        guard let paths else { return true }
        guard let index = paths.firstIndex(where: { Pattern.equal($0.path, everything) }) else { return false }
        return paths[...index].allSatisfy(\.isWritable)
    }
}
