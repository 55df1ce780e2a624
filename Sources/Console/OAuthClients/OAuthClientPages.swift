import GrantModel

/// Models of `Templates/oauth-clients/*`. No model ever carries a secret
/// except `OAuthClientCreatedPage`, the answer to the create form.
struct OAuthClientRow: Sendable {
    var clientID: String
    var grantTypes: String
    var redirectURIs: [String]
    var scope: String
    var official: Bool
    var viewURL: String
}

struct OAuthClientsPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var clients: [OAuthClientRow]
    var hasClients: Bool
    var total: Int
    var isTruncated: Bool
    var canEdit: Bool
    var newURL: String
}

/// One client as the detail and delete pages show it.
struct OAuthClientDetails: Sendable {
    var clientID: String
    var grantTypes: [String]
    var responseTypes: [String]
    var hasResponseTypes: Bool
    var redirectURIs: [String]
    var hasRedirectURIs: Bool
    var scope: String
    var metadata: [MetadataEntry]
    var hasMetadata: Bool
    var official: Bool

    struct MetadataEntry: Sendable {
        var key: String
        var value: String
    }

    init(_ client: OAuthClient) {
        clientID = client.clientID
        grantTypes = client.grantTypes
        responseTypes = client.responseTypes
        hasResponseTypes = !client.responseTypes.isEmpty
        redirectURIs = client.redirectURIs
        hasRedirectURIs = !client.redirectURIs.isEmpty
        scope = client.scope
        metadata = client.metadata.keys.sorted().map { MetadataEntry(key: $0, value: client.metadata[$0] ?? "") }
        hasMetadata = !metadata.isEmpty
        official = client.official
    }
}

struct OAuthClientShowPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var client: OAuthClientDetails
    var canEdit: Bool
    var editURL: String
    var deleteURL: String
    var listURL: String
}

/// The answer to a successful create: the only page that ever shows the secret.
struct OAuthClientCreatedPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var client: OAuthClientDetails
    var secret: String
    var viewURL: String
    var listURL: String
}

struct OAuthClientFormPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var isNew: Bool
    var clientID: String?
    var form: OAuthClientForm
    var action: String
    var token: String
    /// The client as loaded (edit only), to detect a change made meanwhile.
    var loaded: String
    var cancelURL: String
    var deleteURL: String?
    var failure: String?
    /// The client as it is now upstream, shown when it changed meanwhile.
    var currentJSON: String?
}

struct OAuthClientDeletePage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var client: OAuthClientDetails
    var action: String
    var cancelURL: String
    var failure: String?
}
