/// Prometheus' text exposition format: `# HELP`, `# TYPE` and sample lines,
/// with label values escaped (backslash, double quote, line feed) so a value
/// taken from a request can never start a line of its own.
enum PrometheusText {
    static func header(name: String, help: String, type: String, into text: inout String) {
        text += "# HELP \(name) \(escapedHelp(help))\n# TYPE \(name) \(type)\n"
    }

    static func sample(_ name: String, labels: [(String, String)], value: Double, into text: inout String) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(escapedLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + number(value) + "\n"
    }

    /// Whole numbers without a fraction, others as Swift prints them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func escapedLabel(_ value: String) -> String {
        escaped(value, quote: true)
    }

    private static func escapedHelp(_ help: String) -> String {
        escaped(help, quote: false)
    }

    private static func escaped(_ value: String, quote: Bool) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"" where quote: out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
