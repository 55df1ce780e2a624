/// Display text for strings that came from the upstream: direction
/// overrides, embeddings and isolates are shown as `⟨U+202E⟩` instead of
/// taking effect, so a name like "‮txt.exe" cannot pass for "exe.txt" and
/// cannot reverse the console's own words after it. Ordinary right-to-left
/// text is untouched (it needs no control characters).
func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isDirectionControl) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
        if isDirectionControl(scalar) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out += "⟨U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "⟩"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
}
