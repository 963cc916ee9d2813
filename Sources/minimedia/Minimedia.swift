import ArgumentParser
import Foundation
import MiniCore

/// `minimedia`: run mini-program pages against real codecs and simulated devices.
struct Minimedia: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "minimedia",
        abstract: "Run mini-program camera & media pages (wx, qq, swan, tt, my) on Linux.",
        discussion: """
            Examples:
              minimedia run Examples/files-tour --consent allow
              minimedia run page.js --call takePhoto --dialect tt
              minimedia permissions my.app --grant scope.camera
              minimedia serve Examples/camera-tour
            """,
        version: version,
        subcommands: [Run.self, Auto.self, Serve.self, Permissions.self, Album.self, Coverage.self]
    )
}

/// Options every command that touches app data shares.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data folder (default: $MINIMEDIA_HOME or ~/.local/share/minimedia).")
    var dataDir: String?

    @Option(help: "Conventions to follow: wx, qq, swan, tt or my.")
    var dialect: String = "wx"
}

@main
enum Main {
    static func main() {
        do {
            var command = try Minimedia.parseAsRoot()
            try command.run()
        } catch let e as MediaError {
            // A failure with a reason (an unusable data directory, a store that cannot write):
            // one line, exit status 1.
            FileHandle.standardError.write(Data("minimedia: \(e.message)\n".utf8))
            exit(1)
        } catch let e as CocoaError {
            FileHandle.standardError.write(Data("minimedia: \(e.localizedDescription)\n".utf8))
            exit(1)
        } catch {
            let code = Minimedia.exitCode(for: error)
            if code == .success {
                print(Minimedia.fullMessage(for: error))
                exit(0)
            }
            if let exitCode = error as? ExitCode { exit(exitCode.rawValue) }
            FileHandle.standardError.write(Data((Minimedia.fullMessage(for: error) + "\n").utf8))
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
