import GrantModel
import HTTPApp

/// The OAuth client form: grant types, response types, redirect URIs (one
/// per line), scope and metadata (a JSON object of strings), read back exactly
/// as typed so a form shown again after an error loses nothing.
struct OAuthClientForm: Sendable {
    var grantTypes: String
    var responseTypes: String
    var redirectURIs: String
    var scope: String
    var metadata: String
    var grantTypesError: String?
    var responseTypesError: String?
    var redirectURIsError: String?
    var scopeError: String?
    var metadataError: String?
    var hasErrors: Bool {
        grantTypesError != nil || responseTypesError != nil || redirectURIsError != nil || scopeError != nil || metadataError != nil
    }

    /// What the form produces once valid.
    struct Settings: Sendable, Hashable {
        var grantTypes: [String]
        var responseTypes: [String]
        var redirectURIs: [String]
        var scope: String
        var metadata: [String: String]
    }

    /// The form for an existing client, or the usual choice for a new one
    /// (a web application using the authorization code flow).
    init(client: OAuthClient?) {
        grantTypes = (client?.grantTypes ?? ["authorization_code", "refresh_token"]).joined(separator: " ")
        responseTypes = (client?.responseTypes ?? ["code"]).joined(separator: " ")
        redirectURIs = (client?.redirectURIs ?? []).joined(separator: "\n")
        scope = client?.scope ?? ""
        metadata = JSONValue.stringMap(client?.metadata ?? [:]).serialized(pretty: true)
    }

    /// The form as posted.
    init(form: URLEncodedForm) {
        grantTypes = form["grant_types"] ?? ""
        responseTypes = form["response_types"] ?? ""
        redirectURIs = form["redirect_uris"] ?? ""
        scope = form["scope"] ?? ""
        metadata = form["metadata"] ?? ""
    }

    /// Checks every field (each error names its field); nil when any is wrong.
    mutating func validate() -> Settings? {
        let grants = Self.words(grantTypes)
        if grants.isEmpty {
            grantTypesError = "Enter at least one grant type, e.g. authorization_code."
        } else if let bad = grants.first(where: { OAuthClientRules.typeNameProblem($0) != nil }) {
            grantTypesError = "The grant type “\(bad)” \(OAuthClientRules.typeNameProblem(bad) ?? "")."
        }
        let responses = Self.words(responseTypes)
        if let bad = responses.first(where: { OAuthClientRules.typeNameProblem($0) != nil }) {
            responseTypesError = "The response type “\(bad)” \(OAuthClientRules.typeNameProblem(bad) ?? "")."
        }
        let uris = redirectURIs.split(whereSeparator: \.isNewline).map { trimmed(String($0)) }.filter { !$0.isEmpty }
        for (index, uri) in uris.enumerated() {
            if let problem = OAuthClientRules.redirectURIProblem(uri) {
                redirectURIsError = "Redirect URI \(index + 1) (“\(uri)”) \(problem)."
                break
            }
        }
        if uris.isEmpty && grants.contains("authorization_code") {
            redirectURIsError = "The authorization_code grant needs at least one redirect URI."
        }
        let scopeText = Self.words(scope).joined(separator: " ")
        if let problem = OAuthClientRules.scopeProblem(scopeText) { scopeError = "The scope \(problem)." }
        var map: [String: String] = [:]
        let text = trimmed(metadata)
        if !text.isEmpty {
            do {
                let value = try JSONValue(parsing: text)
                if let object = value.objectValue {
                    for member in object.members {
                        guard let string = member.value.stringValue else {
                            metadataError = "Metadata values must be strings; “\(member.key)” is \(member.value.typeDescription)."
                            break
                        }
                        map[member.key] = string
                    }
                } else {
                    metadataError = "Metadata must be a JSON object ({…}), not \(value.typeDescription)."
                }
            } catch {
                metadataError = "The metadata is not valid JSON at \(error.description)."
            }
        }
        guard !hasErrors else { return nil }
        return Settings(grantTypes: grants, responseTypes: responses, redirectURIs: uris, scope: scopeText, metadata: map)
    }

    /// Values separated by spaces, commas or new lines, duplicates dropped, order kept.
    private static func words(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0.isNewline })
            .map(String.init).filter { seen.insert($0).inserted }
    }
}

extension OAuthClientForm.Settings {
    init(_ client: OAuthClient) {
        self.init(grantTypes: client.grantTypes, responseTypes: client.responseTypes, redirectURIs: client.redirectURIs,
                  scope: client.scope, metadata: client.metadata)
    }

    var createRequest: CreateOAuthClientRequest {
        CreateOAuthClientRequest(grantTypes: grantTypes, responseTypes: responseTypes, redirectURIs: redirectURIs,
                                 scope: scope, metadata: metadata)
    }

    var updateRequest: UpdateOAuthClientRequest {
        UpdateOAuthClientRequest(grantTypes: grantTypes, responseTypes: responseTypes, redirectURIs: redirectURIs,
                                 scope: scope, metadata: metadata)
    }
}
