import AccountsAPI
import Foundation
import GrantModel

/// When a room was last active, from the upstream's room sessions
/// (`GET …/sessions?room_id=`, the only "last used" signal the API offers).
/// A room idle for `idleDays` or more (or with no session on record) stands
/// out, and so do its grants. An upstream without the endpoint is said so;
/// the page still renders.
struct RoomActivity: Sendable {
    static let idleDays = 90

    /// "Last active 2026-11-30 09:12 UTC (2 days ago)", "No session on record", ...
    var text: String
    var badge: Badge
    /// At least `idleDays` since the last session, or none on record.
    var isIdle: Bool
    /// Why nothing is known (the upstream offers no sessions, or they could not be read).
    var unavailable: String?
    var idleNote: String

    static func load(_ accounts: AccountsClient, projectID pid: String, room: Room, now: Date) async -> RoomActivity {
        do {
            let list = try await accounts.sessions(projectID: pid, roomID: room.id, limit: 1)
            return RoomActivity(lastSession: list.sessions.first?.createdAtSeconds, active: list.sessions.first?.isActive ?? false, now: now)
        } catch .notFound, .other {
            return RoomActivity(unavailable: "This accounts API offers no room sessions, so GrantDesk cannot tell when the room was last used.")
        } catch {
            return RoomActivity(unavailable: "Room sessions could not be read (\(error.summary)); when the room was last used is not known.")
        }
    }

    init(lastSession: Double?, active: Bool, now: Date) {
        unavailable = nil
        guard let lastSession else {
            text = "No session on record"
            badge = Badge("never used", kind: .warn, title: "The accounts API records no session in this room")
            isIdle = true
            idleNote = "No one has joined this room on record: its grants may no longer be needed."
            return
        }
        let days = max(0, Int((now.timeIntervalSince1970 - lastSession) / 86_400))
        let when = ISO8601Time.text(lastSession).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
        let ago = days == 0 ? "today" : days == 1 ? "1 day ago" : "\(days) days ago"
        text = active ? "Active now (session since \(when))" : "Last active \(when) (\(ago))"
        isIdle = !active && days >= Self.idleDays
        badge = isIdle
            ? Badge("idle \(days) days", kind: .warn, title: "No session in this room for \(days) days")
            : Badge(active ? "active" : "used \(ago)", kind: .ok, title: text)
        idleNote = isIdle ? "Nobody has joined this room for \(days) days: its grants may no longer be needed." : ""
    }

    init(unavailable reason: String) {
        text = "Last use unknown"
        badge = Badge("last use unknown", kind: .neutral, title: reason)
        isIdle = false
        unavailable = reason
        idleNote = ""
    }
}
