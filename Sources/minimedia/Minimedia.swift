import ArgumentParser
import Foundation
import MiniCommandLine
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

@main
enum Main {
    static func main() {
        // `auto` (its --help too) is the server binary's command: handed over before parsing.
        let args = CommandLine.arguments
        if args.count >= 2, args[1] == "auto" {
            do { try Auto.handOver(Array(args.dropFirst(2))) } catch {
                FileHandle.standardError.write(Data("minimedia: \((error as? MediaError)?.message ?? "\(error)")\n".utf8))
                exit(1)
            }
        }
        CommandMain.run(Minimedia.self)
    }
}
