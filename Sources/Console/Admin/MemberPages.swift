import GrantModel
import HTTPApp

/// One of the four member flags as a checkbox.
struct FlagBox: Sendable, Hashable {
    var name: String
    var label: String
    var checked: Bool

    static let names = ["is_admin", "is_developer", "can_create_rooms", "can_use_llm_proxy"]
    static let labels = ["Project admin", "Developer", "May create rooms", "May use the LLM proxy"]

    static func boxes(_ flags: MemberFlags) -> [FlagBox] {
        let values = [flags.isAdmin, flags.isDeveloper, flags.canCreateRooms, flags.canUseLLMProxy]
        return zip(names, zip(labels, values)).map { FlagBox(name: $0, label: $1.0, checked: $1.1 == true) }
    }

    /// The four flags as posted: a box not sent is false.
    static func flags(_ form: URLEncodedForm) -> MemberFlags {
        MemberFlags(isAdmin: form["is_admin"] == "1", isDeveloper: form["is_developer"] == "1",
                    canCreateRooms: form["can_create_rooms"] == "1", canUseLLMProxy: form["can_use_llm_proxy"] == "1")
    }

    /// How flags read in a table cell; unknown ones (a real deployment may
    /// not send them) are shown as such.
    static func summary(_ flags: MemberFlags) -> String {
        let values = [flags.isAdmin, flags.isDeveloper, flags.canCreateRooms, flags.canUseLLMProxy]
        if values.allSatisfy({ $0 == nil }) { return "not reported" }
        let on = zip(labels, values).filter { $0.1 == true }.map(\.0)
        return on.isEmpty ? "none" : on.joined(separator: ", ")
    }

    static func json(_ flags: MemberFlags) -> String {
        var object = JSONObject()
        flags.write(into: &object, includingUnstated: true)
        return JSONValue.object(object).serialized()
    }
}

struct MemberRow: Sendable {
    var id: String
    var email: String
    var name: String
    var flags: String
    var editURL: String
    var deleteURL: String
    var userURL: String
}

struct MembersPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var members: [MemberRow]
    var hasMembers: Bool
    var total: Int
    var isTruncated: Bool
    var action: String
    var token: String
    var userID: String
    var userError: String?
    var flags: [FlagBox]
    var failure: String?
}

struct MemberEditPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var userID: String
    var email: String
    var flags: [FlagBox]
    var action: String
    var token: String
    var loaded: String
    var cancelURL: String
    var deleteURL: String
    var failure: String?
}

struct MemberDeletePage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var userID: String
    var email: String
    var action: String
    var cancelURL: String
    var failure: String?
}
