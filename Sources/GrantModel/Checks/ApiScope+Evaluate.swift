extension ApiScope {
    /// Evaluates one access check with MeshAgent's exact semantics and says why.
    ///
    /// Throws only when a required argument is missing; a check on an absent
    /// section is always denied.
    public func evaluate(
        _ check: ScopeCheck, _ arguments: ScopeCheckArguments = ScopeCheckArguments()
    ) throws(ScopeCheckError) -> ScopeDecision {
        var inputs: [String] = []
        for name in check.requiredArguments {
            guard let value = arguments[name] else {
                throw .missingArgument(check: check.name, argument: name.rawValue)
            }
            inputs.append(value)
        }
        if check == .tunnelsCanForward {
            guard let port = Int(inputs[0]) else {
                throw .invalidArguments("port must be a whole number, found \(Words.quote(inputs[0]))")
            }
            inputs[0] = String(port)
        }
        guard has(check.section) else {
            return .deny("denied: this scope has no \(check.section.key) section")
        }
        let namespace = arguments.namespace
        switch check.section {
        case .livekit:
            return listMembership(livekit?.breakoutRooms, "livekit.breakout_rooms", inputs[0], noun: "breakout room")
        case .queues: return evaluateQueues(check, inputs)
        case .dataset: return evaluateDataset(check, table: inputs.first ?? "", namespace: namespace)
        case .memory: return evaluateMemory(check, name: inputs.first ?? "", namespace: namespace)
        case .sync: return evaluateSync(check, path: inputs[0])
        case .storage: return evaluateStorage(check, path: inputs[0])
        case .containers: return evaluateContainers(check, inputs)
        case .llm: return evaluateLLM(check, inputs)
        case .secrets: return evaluateSecrets(endpoint: inputs[0], clientID: inputs[1])
        case .tunnels: return evaluateTunnels(port: inputs[0])
        case .messaging, .developer, .agents, .admin, .services: return evaluateFlag(check)
        }
    }

    /// Evaluates a check given by its vector name and JSON `args`.
    public func evaluate(checkName: String, arguments: JSONValue) throws(ScopeCheckError) -> ScopeDecision {
        guard let check = ScopeCheck(name: checkName) else { throw .unknownCheck(checkName) }
        return try evaluate(check, ScopeCheckArguments(json: arguments))
    }

    /// Whether a check is allowed (nil if an argument is missing).
    public func allows(_ check: ScopeCheck, _ arguments: ScopeCheckArguments = ScopeCheckArguments()) -> Bool? {
        try? evaluate(check, arguments).allowed
    }

    // MARK: - Shared rules

    /// "list absent, or the value is in it" (exact, code point equality).
    func listMembership(_ list: [String]?, _ field: String, _ value: String, noun: String) -> ScopeDecision {
        guard let list else {
            return .allow("allowed: \(field) is not set, so every \(noun) is allowed")
        }
        if let index = Pattern.firstEqual(in: list, value) {
            return .allow("allowed by \(field)[\(index)] \(Words.quote(list[index]))")
        }
        if list.isEmpty {
            return .deny("denied: \(field) is an empty list, so no \(noun) is allowed")
        }
        return .deny("denied: \(field) lists only \(Words.list(list))")
    }

    /// "list absent, or some pattern matches".
    func patternMembership(_ list: [String]?, _ field: String, _ value: String, noun: String) -> ScopeDecision {
        guard let list else {
            return .allow("allowed: \(field) is not set, so every \(noun) is allowed")
        }
        if let index = Pattern.firstMatch(in: list, value) {
            return .allow("allowed by \(field)[\(index)] \(Words.quote(list[index]))")
        }
        if list.isEmpty {
            return .deny("denied: \(field) is an empty list, so no \(noun) is allowed")
        }
        return .deny("denied: no pattern in \(field) matches \(Words.quote(value)) (it has \(Words.list(list)))")
    }

    func flagDecision(_ value: Bool?, default defaultValue: Bool, _ field: String) -> ScopeDecision {
        switch value {
        case .some(true): .allow("allowed: \(field) is true")
        case .some(false): .deny("denied: \(field) is false")
        case .none where defaultValue: .allow("allowed: \(field) is not set (default true)")
        case .none: .deny("denied: \(field) is not set (default false)")
        }
    }

    // MARK: - Sections

    private func evaluateQueues(_ check: ScopeCheck, _ inputs: [String]) -> ScopeDecision {
        switch check {
        case .queuesCanSend: listMembership(queues?.send, "queues.send", inputs[0], noun: "queue")
        case .queuesCanReceive: listMembership(queues?.receive, "queues.receive", inputs[0], noun: "queue")
        default: flagDecision(queues?.list, default: true, "queues.list")
        }
    }

    private func evaluateFlag(_ check: ScopeCheck) -> ScopeDecision {
        let field = check.name
        switch check {
        case .messagingBroadcast: return flagDecision(messaging?.broadcast, default: true, field)
        case .messagingList: return flagDecision(messaging?.list, default: true, field)
        case .messagingSend: return flagDecision(messaging?.send, default: true, field)
        case .developerLogs: return flagDecision(developer?.logs, default: true, field)
        case .agentsRegisterAgent: return flagDecision(agents?.registerAgent, default: true, field)
        case .agentsRegisterPublicToolkit: return flagDecision(agents?.registerPublicToolkit, default: true, field)
        case .agentsRegisterPrivateToolkit: return flagDecision(agents?.registerPrivateToolkit, default: true, field)
        case .agentsCall: return flagDecision(agents?.call, default: true, field)
        case .agentsUseAgents: return flagDecision(agents?.useAgents, default: true, field)
        case .agentsUseTools: return flagDecision(agents?.useTools, default: true, field)
        case .adminConfig: return flagDecision(admin?.config, default: true, field)
        case .servicesList: return flagDecision(services?.list, default: true, field)
        default: return .deny("denied: \(field) is not a flag")
        }
    }

    private func evaluateTunnels(port: String) -> ScopeDecision {
        guard let ports = tunnels?.ports else {
            return .allow("allowed: tunnels.ports is not set, so every port may be forwarded")
        }
        if ports.isEmpty {
            return .allow("allowed: tunnels.ports is empty, which means every port may be forwarded")
        }
        if let index = Pattern.firstEqual(in: ports, port) {
            return .allow("allowed by tunnels.ports[\(index)] \(Words.quote(ports[index]))")
        }
        return .deny("denied: tunnels.ports lists only \(Words.list(ports))")
    }
}
