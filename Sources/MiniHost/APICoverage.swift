import MiniCore

/// Renders `Docs/API-COVERAGE.md` from a registry, so the document cannot drift from what is
/// declared: every global API, object method and component, per dialect (`Dialect.allCases`),
/// with its status. Hand-written prose lives in the header, which the generator keeps.
public enum APICoverage {
    /// The line after which the document is generated; everything above it is kept as written.
    public static let marker = "<!-- Generated below from the API registry by `make coverage`; edit the text above only. -->"

    /// The header of an existing document: everything up to and including the marker (the
    /// whole text plus the marker when it has none).
    public static func header(of document: String) -> String {
        if let range = document.range(of: marker) { return String(document[..<range.upperBound]) }
        return document.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n" + marker
    }

    /// The full document: `header` (ending with the marker) and the generated tables.
    public static func document(header: String, registry: APIRegistry) -> String {
        var out = header + "\n\n"
        out += "Legend: ✔ works · ◐ partial (see note) · ✗ declared, fails clearly (reason in the note) · — not in that dialect.\n\n"
        let dialects = Dialect.allCases
        let columns = dialects.map(\.namespace).joined(separator: " | ")
        let rule = String(repeating: "|---", count: dialects.count + 2) + "|"

        out += "## APIs\n\n| API | \(columns) | notes |\n\(rule)\n"
        for d in registry.globals.sorted(by: { $0.name < $1.name }) {
            var name = "`\(d.name)`"
            if case .async(_, let sync?, _) = d.kind { name += " / `\(sync.name)`" }
            out += row(name, d.dialects, d.metadata.status, dialects)
        }

        out += "\n## Object methods\n\n| method | \(columns) | notes |\n\(rule)\n"
        for name in registry.classes.keys.sorted() {
            let members = registry.classes[name]!.members.sorted { $0.name < $1.name }
            for m in members {
                var label = "`\(name).\(m.name)`"
                if case .async(_, let sync?, _) = m.kind { label += " / `\(sync.name)`" }
                out += row(label, m.dialects, m.metadata.status, dialects)
            }
        }

        out += "\n## Components\n\n| component | \(columns) | attributes and events |\n\(rule)\n"
        var tags: [(String, ComponentMetadata)] = registry.components.map { ($0.key, $0.value.metadata) }
        tags += registry.describedComponents.map { ($0.key, $0.value) }
        for (tag, metadata) in tags.sorted(by: { $0.0 < $1.0 }) {
            var notes: [String] = []
            if let note = note(metadata.status) { notes.append(note) }
            let attributes = metadata.attributes.keys.sorted().map { key in
                let values = metadata.attributes[key]!
                return values.isEmpty ? key : "\(key) (\(values.joined(separator: "/")))"
            }
            if !attributes.isEmpty { notes.append(attributes.joined(separator: ", ")) }
            if !metadata.events.isEmpty { notes.append("events: " + metadata.events.joined(separator: ", ")) }
            out += "| `<\(tag)>` | " + dialects.map { _ in mark(metadata.status) }.joined(separator: " | ")
                + " | \(escape(notes.joined(separator: "; "))) |\n"
        }
        return out
    }

    static func row(_ name: String, _ has: Set<Dialect>, _ status: APIStatus, _ dialects: [Dialect]) -> String {
        "| \(name) | " + dialects.map { has.contains($0) ? mark(status) : "—" }.joined(separator: " | ")
            + " | \(escape(note(status) ?? "")) |\n"
    }

    static func mark(_ status: APIStatus) -> String {
        switch status {
        case .works: "✔"
        case .partial: "◐"
        case .fails: "✗"
        }
    }

    static func note(_ status: APIStatus) -> String? {
        switch status {
        case .works: nil
        case .partial(let note): note
        case .fails(let reason): "fails: \(reason)"
        }
    }

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
