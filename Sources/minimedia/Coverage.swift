import ArgumentParser
import MiniCommandLine
import Foundation
import MiniHost
import MiniStandard

/// `minimedia coverage`: the API coverage document, generated from the registry of every
/// shipped module (`make coverage` writes Docs/API-COVERAGE.md).
struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print (or write) the API coverage document generated from the API registry.",
        discussion: """
            The hand-written header of the existing document (everything above its generated \
            marker) is kept; the tables below it list every API, object method and component \
            per dialect with its status.
            """)

    @Option(help: "Existing document whose header is kept (default: --output, if given).")
    var header: String?

    @Option(help: "Write the document here instead of printing it.")
    var output: String?

    func run() throws {
        let registry = try APIRegistry.with(StandardModules.make())
        let source = header ?? output
        let existing = try source.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? "# API coverage per dialect"
        let document = APICoverage.document(header: APICoverage.header(of: existing), registry: registry)
        if let output {
            try Data(document.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(Data(document.utf8))
        }
    }
}
