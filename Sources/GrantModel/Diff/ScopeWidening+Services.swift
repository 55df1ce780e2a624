extension ScopeWidening {
    mutating func compareContainers(at path: ScopePath) {
        guard let old = old.containers, let new = new.containers else { return }
        compareUnknown(old.unknown, new.unknown, at: path)
        flag(old.logs, new.logs, default: true, path.appending("logs"))
        flag(old.useContainers, new.useContainers, default: true, path.appending("use_containers"))
        patternList(old.pull, new.pull, path.appending("pull"))
        patternList(old.run, new.run, path.appending("run"))
        let registryPath = path.appending("registry")
        if let oldRegistry = old.registry, let newRegistry = new.registry {
            compareUnknown(oldRegistry.unknown, newRegistry.unknown, at: registryPath)
        }
        let oldRegistry = old.registry ?? ContainerRegistryGrant()
        let newRegistry = new.registry ?? ContainerRegistryGrant()
        patternList(old.registry == nil ? nil : oldRegistry.pull, new.registry == nil ? nil : newRegistry.pull, registryPath.appending("pull"))
        patternList(old.registry == nil ? nil : oldRegistry.run, new.registry == nil ? nil : newRegistry.run, registryPath.appending("run"))
        patternList(old.registry == nil ? nil : oldRegistry.write, new.registry == nil ? nil : newRegistry.write, registryPath.appending("write"))
        matcherList(Self.listable(old.registry), Self.listable(new.registry), shown: nil, registryPath.appending("list"))
    }

    /// What `can_registry_list` allows, as matchers; nil = everything.
    static func listable(_ registry: ContainerRegistryGrant?) -> [Matcher]? {
        guard let registry else { return nil }
        if let list = registry.list { return list.map(Matcher.pattern) }
        let present = [registry.pull, registry.run, registry.write].compactMap { $0 }
        if present.isEmpty { return nil }
        return present.flatMap { $0.map(Matcher.pattern) }
    }

    mutating func compareAgents(at path: ScopePath) {
        guard let old = old.agents, let new = new.agents else { return }
        compareUnknown(old.unknown, new.unknown, at: path)
        flag(old.registerAgent, new.registerAgent, default: true, path.appending("register_agent"))
        flag(old.registerPublicToolkit, new.registerPublicToolkit, default: true, path.appending("register_public_toolkit"))
        flag(old.registerPrivateToolkit, new.registerPrivateToolkit, default: true, path.appending("register_private_toolkit"))
        flag(old.call, new.call, default: true, path.appending("call"))
        flag(old.useAgents, new.useAgents, default: true, path.appending("use_agents"))
        flag(old.useTools, new.useTools, default: true, path.appending("use_tools"))
        exactList(old.allowedToolkits, new.allowedToolkits, path.appending("allowed_toolkits"))
    }

    mutating func compareLLM(at path: ScopePath) {
        guard let old = old.llm, let new = new.llm else { return }
        compareUnknown(old.unknown, new.unknown, at: path)
        let modelsPath = path.appending("models")
        guard let oldModels = old.models else { return }
        guard let newModels = new.models else {
            add(modelsPath, "removes the restriction \(modelsPath): every provider and model is allowed")
            return
        }
        let oldProviders = Set(oldModels.flatMap(Self.providers))
        let extraProviders = newModels.flatMap(Self.providers).filter { !oldProviders.contains($0) }
        if !extraProviders.isEmpty {
            add(modelsPath, "\(modelsPath) now also allows the provider \(Words.list(Array(Set(extraProviders)).sorted()))")
        }
        patternList(oldModels, newModels, modelsPath)
    }

    /// The providers `can_use_provider` accepts because of one pattern:
    /// every part of the trimmed pattern before a `/`, if it could equal a
    /// trimmed, non-empty provider.
    static func providers(_ pattern: String) -> [String] {
        let scalars = Array(Pattern.trim(pattern).unicodeScalars)
        return scalars.indices.compactMap { index -> String? in
            guard scalars[index] == "/" else { return nil }
            var provider = String.UnicodeScalarView()
            provider.append(contentsOf: scalars[..<index])
            let text = String(provider)
            return !text.isEmpty && Pattern.equal(Pattern.trim(text), text) ? text : nil
        }
    }

    mutating func compareSecrets(at path: ScopePath) {
        guard let old = old.secrets, let new = new.secrets else { return }
        compareUnknown(old.unknown, new.unknown, at: path)
        let listPath = path.appending("request_oauth_token")
        entryUnknowns(old.requestOauthToken?.map(\.unknown), new.requestOauthToken?.map(\.unknown), listPath)
        guard let oldEntries = old.requestOauthToken else { return }
        guard let newEntries = new.requestOauthToken else {
            add(listPath, "removes the restriction \(listPath): any OAuth token may be requested")
            return
        }
        for (index, entry) in newEntries.enumerated() {
            let covered = oldEntries.contains {
                Pattern.equal($0.clientID, entry.clientID) && Matcher.pattern($0.endpoint).covers(.pattern(entry.endpoint))
            }
            if !covered {
                add(listPath.appending(index: index), "\(listPath.appending(index: index)) allows endpoint \(Words.quote(entry.endpoint)) with client id \(Words.quote(entry.clientID)), which the old scope did not")
            }
        }
    }
}
