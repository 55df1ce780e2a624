import Foundation

/// The optional expiry field of the editor and the bulk forms: a
/// `datetime-local` value read as UTC ("2030-01-31T17:00").
enum ExpiryField {
    static let name = "expires"

    /// The date, nil for an empty field, or an error naming the field.
    static func parse(_ text: String, now: Date) -> Result<Date?, ExpiryError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .success(nil) }
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) {
                guard date > now else { return .failure(ExpiryError(message: "The expiry must be in the future (it is read as UTC).")) }
                return .success(date)
            }
        }
        return .failure(ExpiryError(message: "Enter the expiry as a date and time, such as 2030-01-31T17:00 (UTC)."))
    }

    /// The field's value for a date (UTC, minutes).
    static func text(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }

    /// How pages show an expiry: "2030-01-31 17:00 UTC".
    static func display(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " UTC"
    }

    /// Seconds since 1970, for the script that adds the local time.
    static func epoch(_ date: Date) -> String { String(Int(date.timeIntervalSince1970)) }
}

struct ExpiryError: Error, Sendable {
    var message: String
}
