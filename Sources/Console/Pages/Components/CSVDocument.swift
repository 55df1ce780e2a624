/// A CSV export (RFC 4180, CRLF line ends) that is safe to open in a
/// spreadsheet: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is prefixed with `'`, so it is read as text and never as
/// a formula (CSV injection).
struct CSVDocument: Sendable {
    private(set) var text = ""

    init(header: [String]) {
        append(header)
    }

    mutating func append(_ row: [String]) {
        text += row.map(CSVDocument.cell).joined(separator: ",") + "\r\n"
    }

    /// One quoted, neutralised cell.
    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Every occurrence of the scalar `target` replaced. Works on scalars, not
    /// characters, so a quote followed by a combining mark is still found.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == target { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}
