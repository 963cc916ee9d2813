// Test helper: records permission decisions in a loop and acknowledges each on stdout after it
// is committed, so a test can SIGKILL it at a random moment and check nothing acknowledged is lost.
// Usage: minimedia-crashprobe DATA_DIR APP_ID
import Foundation
import MiniCore
import MiniStorage

let args = CommandLine.arguments
guard args.count == 3 else {
    FileHandle.standardError.write(Data("usage: minimedia-crashprobe DATA_DIR APP_ID\n".utf8))
    exit(2)
}
let sandbox = try AppSandbox(dataDirectory: DataDirectory(root: URL(fileURLWithPath: args[1])), appID: try AppID(args[2]), packageDir: nil)
let store = try PermissionStore(sandbox: sandbox)
var i = 0
while true {
    i += 1
    let scope = Scope.allCases[i % Scope.allCases.count]
    let granted = i % 2 == 0
    try store.record(scope, granted: granted)
    FileHandle.standardOutput.write(Data("ack \(i) \(scope.rawValue) \(granted)\n".utf8))
}
