import ArgumentParser
import MiniCommandLine

/// `minimedia auto`: becomes `minimedia-serve auto` with the same arguments — the automation
/// server (Hummingbird, WebSocket) lives in that binary, so `minimedia run` never maps it. Its
/// options (and `--help`) are that command's.
struct Auto: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a mini-program headless for an automation client (minium, miniprogram-automator).",
        discussion: "minimedia auto PATH --auto-port N [options]; `minimedia auto --help` lists the options.")

    @Argument(parsing: .allUnrecognized, help: "PATH --auto-port N and the options `minimedia auto --help` lists.")
    var arguments: [String] = []

    func run() throws { try Self.handOver(arguments) }

    /// Becomes `minimedia-serve auto ARGUMENTS` (`Main` calls it before parsing, so `--help` is that command's).
    static func handOver(_ arguments: [String]) throws -> Never {
        try CommandMain.become(try CommandMain.sibling("minimedia-serve", for: "auto"), ["auto"] + arguments, for: "auto")
    }
}
