/// Containers, LLM and secrets checks.
extension ApiScope {
    func evaluateContainers(_ check: ScopeCheck, _ inputs: [String]) -> ScopeDecision {
        let containers = self.containers ?? ContainersGrant()
        switch check {
        case .containersCanPull: return patternMembership(containers.pull, "containers.pull", inputs[0], noun: "image")
        case .containersCanRun: return patternMembership(containers.run, "containers.run", inputs[0], noun: "image")
        case .containersLogs: return flagDecision(containers.logs, default: true, "containers.logs")
        case .containersUseContainers:
            return flagDecision(containers.useContainers, default: true, "containers.use_containers")
        default: break
        }
        let repository = inputs[0]
        guard let registry = containers.registry else {
            return .allow("allowed: containers.registry is not set, so every repository is allowed")
        }
        switch check {
        case .containersCanRegistryPull:
            return patternMembership(registry.pull, "containers.registry.pull", repository, noun: "repository")
        case .containersCanRegistryRun:
            return patternMembership(registry.run, "containers.registry.run", repository, noun: "repository")
        case .containersCanRegistryWrite:
            return patternMembership(registry.write, "containers.registry.write", repository, noun: "repository")
        default:
            return registryList(registry, repository)
        }
    }

    private func registryList(_ registry: ContainerRegistryGrant, _ repository: String) -> ScopeDecision {
        if registry.list != nil {
            return patternMembership(registry.list, "containers.registry.list", repository, noun: "repository")
        }
        let lists = [("pull", registry.pull), ("run", registry.run), ("write", registry.write)]
        let present = lists.compactMap { name, list in list.map { (name, $0) } }
        if present.isEmpty {
            return .allow("allowed: containers.registry sets no lists, so every repository may be listed")
        }
        for (name, list) in present {
            if let index = Pattern.firstMatch(in: list, repository) {
                return .allow("allowed by containers.registry.\(name)[\(index)] \(Words.quote(list[index])) (registry.list is not set, so what may be pulled, run or written may be listed)")
            }
        }
        let names = present.map { "containers.registry.\($0.0)" }.joined(separator: ", ")
        return .deny("denied: containers.registry.list is not set and no pattern in \(names) matches \(Words.quote(repository))")
    }

    func evaluateLLM(_ check: ScopeCheck, _ inputs: [String]) -> ScopeDecision {
        let provider = Pattern.trim(inputs[0])
        if provider.isEmpty { return .deny("denied: the provider is empty") }
        if check == .llmCanUseProvider {
            guard let models = llm?.models else {
                return .allow("allowed: llm.models is not set, so every provider is allowed")
            }
            let prefix = provider + "/"
            if let index = models.firstIndex(where: { Pattern.hasPrefix(Pattern.trim($0), prefix) }) {
                return .allow("allowed by llm.models[\(index)] \(Words.quote(models[index]))")
            }
            if models.isEmpty { return .deny("denied: llm.models is an empty list, so no provider is allowed") }
            return .deny("denied: no entry in llm.models starts with \(Words.quote(prefix)) (it has \(Words.list(models)))")
        }
        let model = Pattern.trim(inputs[1])
        if model.isEmpty { return .deny("denied: the model is empty") }
        return patternMembership(llm?.models, "llm.models", provider + "/" + model, noun: "model")
    }

    func evaluateSecrets(endpoint rawEndpoint: String, clientID rawClientID: String) -> ScopeDecision {
        guard let entries = secrets?.requestOauthToken else {
            return .allow("allowed: secrets.request_oauth_token is not set, so every OAuth client is allowed")
        }
        let endpoint = Pattern.trim(rawEndpoint)
        let clientID = Pattern.trim(rawClientID)
        if endpoint.isEmpty { return .deny("denied: the endpoint is empty") }
        if clientID.isEmpty { return .deny("denied: the client id is empty") }
        if let index = entries.firstIndex(where: {
            Pattern.matches($0.endpoint, endpoint) && Pattern.equal($0.clientID, clientID)
        }) {
            return .allow("allowed by secrets.request_oauth_token[\(index)] (endpoint \(Words.quote(entries[index].endpoint)), client id \(Words.quote(entries[index].clientID)))")
        }
        if entries.isEmpty {
            return .deny("denied: secrets.request_oauth_token is an empty list, so no OAuth token may be requested")
        }
        return .deny("denied: no entry in secrets.request_oauth_token allows endpoint \(Words.quote(endpoint)) with client id \(Words.quote(clientID))")
    }
}
