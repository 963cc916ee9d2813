import ArgumentParser
import Foundation
import MiniCore

/// Runs a command line the way every MiniMedia binary does: a `MediaError` (an unusable data
/// directory, a store that cannot write) is one line and exit status 1; usage errors print the
/// parser's message and exit 2; `--help` and `--version` print and exit 0.
public enum CommandMain {
    public static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]? = nil) -> Never {
        do {
            var command = try root.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch let e as MediaError {
            FileHandle.standardError.write(Data("minimedia: \(e.message)\n".utf8))
            exit(1)
        } catch let e as CocoaError {
            FileHandle.standardError.write(Data("minimedia: \(e.localizedDescription)\n".utf8))
            exit(1)
        } catch {
            let code = root.exitCode(for: error)
            if code == .success {
                print(root.fullMessage(for: error))
                exit(0)
            }
            if let exitCode = error as? ExitCode { exit(exitCode.rawValue) }
            FileHandle.standardError.write(Data((root.fullMessage(for: error) + "\n").utf8))
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// The program `name` beside this one (`minimedia-serve` beside `minimedia`), or a `MediaError`
    /// saying how to build it.
    public static func sibling(_ name: String, for command: String) throws -> String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let helper = me.deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: helper) else {
            throw MediaError(.notSupported, "\(command) needs \(name) beside minimedia (swift build --product \(name)): \(helper)")
        }
        return helper
    }

    /// Replaces this process with `path` run with `arguments` (argv[0] is `path`).
    public static func become(_ path: String, _ arguments: [String], for command: String) throws -> Never {
        var argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, &argv)
        throw MediaError(.internalError, "\(command): could not start \(path): \(String(cString: strerror(errno)))")
    }
}
