// Test helper: writes in a loop and acknowledges each write on stdout after it is committed,
// so a test can SIGKILL it at a random moment and check nothing acknowledged is lost.
// Usage: minimedia-crashprobe DATA_DIR APP_ID          records permission decisions
//        minimedia-crashprobe DATA_DIR APP_ID write    rewrites wxfile://usr/big.bin (1 MiB,
//                                                      every byte = write number % 256)
import Foundation
import MiniCore
import MiniStorage

let args = CommandLine.arguments
guard args.count == 3 || (args.count == 4 && args[3] == "write") else {
    FileHandle.standardError.write(Data("usage: minimedia-crashprobe DATA_DIR APP_ID [write]\n".utf8))
    exit(2)
}
let sandbox = try AppSandbox(dataDirectory: DataDirectory(root: URL(fileURLWithPath: args[1])), appID: try AppID(args[2]), packageDir: nil)
var i = 0
if args.count == 4 {
    let fs = SandboxFileSystem(files: AppFiles(sandbox: sandbox, dialect: .wx, quota: 64 << 20))
    while true {
        i += 1
        try fs.writeFile("wxfile://usr/big.bin", bytes: [UInt8](repeating: UInt8(i % 256), count: 1 << 20))
        FileHandle.standardOutput.write(Data("ack \(i)\n".utf8))
    }
}
let store = try PermissionStore(sandbox: sandbox)
while true {
    i += 1
    let scope = Scope.allCases[i % Scope.allCases.count]
    let granted = i % 2 == 0
    try store.record(scope, granted: granted)
    FileHandle.standardOutput.write(Data("ack \(i) \(scope.rawValue) \(granted)\n".utf8))
}
