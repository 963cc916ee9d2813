// Test helper: one of several processes hammering the stores of one data dir at once.
// Waits for a line on stdin (so every process opens a fresh data dir at the same moment), then
// writes COUNT times and prints `ack …` after each acknowledged write, `fail N reason` after a
// failed one, and `done ACKS FAILS` at the end.
//
//   minimedia-storeprobe album DATA_DIR COUNT IMAGE TAG        saves IMAGE into the album
//   minimedia-storeprobe permissions DATA_DIR APP_ID COUNT K   records decisions of scope K
import Foundation
import MiniCore
import MiniPhotos
import MiniStorage

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let args = CommandLine.arguments
guard args.count == 6, let count = Int(args[3]) ?? Int(args[4]) else {
    FileHandle.standardError.write(Data("usage: minimedia-storeprobe album|permissions DATA_DIR …\n".utf8))
    exit(2)
}
_ = readLine()
let data = DataDirectory(root: URL(fileURLWithPath: args[2]))
var acks = 0
var fails = 0
@MainActor func attempt(_ i: Int, _ body: () throws -> String) {
    do {
        say("ack \(try body())")
        acks += 1
    } catch {
        say("fail \(i) \(MediaError.wrapStorage(error).message)")
        fails += 1
    }
}

switch args[1] {
case "album":
    let library: PhotoLibrary
    do { library = try PhotoLibrary(dataDirectory: data) } catch {
        say("fail open \(MediaError.wrapStorage(error).message)")
        exit(1)
    }
    for i in 0..<count {
        attempt(i) {
            let item = try library.addImage(at: args[4], sourceApp: args[5])
            return "\(item.id) \(item.filename)"
        }
    }
case "permissions":
    let scope = Scope.allCases[(Int(args[5]) ?? 0) % Scope.allCases.count]
    let store: PermissionStore
    do {
        store = try PermissionStore(sandbox: try AppSandbox(dataDirectory: data, appID: try AppID(args[3]), packageDir: nil))
    } catch {
        say("fail open \(MediaError.wrapStorage(error).message)")
        exit(1)
    }
    for i in 0..<count {
        attempt(i) {
            try store.record(scope, granted: i % 2 == 0)
            return "\(i) \(scope.rawValue) \(i % 2 == 0)"
        }
    }
default:
    exit(2)
}
say("done \(acks) \(fails)")

extension MediaError {
    static func wrapStorage(_ error: any Error) -> MediaError { (error as? MediaError) ?? MediaError(.internalError, "\(error)") }
}
