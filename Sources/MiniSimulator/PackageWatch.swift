import Foundation

/// Notices edits to a mini-program package by polling: a fingerprint of every file's path,
/// size and modification time (at most 5000 files, hidden folders skipped).
enum PackageWatch {
    static func fingerprint(_ path: String) -> [String: String] {
        var url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { return [:] }
        if !isDir.boolValue { url = url.deletingLastPathComponent() }
        var out: [String: String] = [:]
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        guard let walk = FileManager.default.enumerator(at: url, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else { return [:] }
        for case let file as URL in walk {
            guard out.count < 5000 else { break }
            guard let v = try? file.resourceValues(forKeys: Set(keys)), v.isRegularFile == true else { continue }
            out[file.path] = "\(v.fileSize ?? 0)@\(v.contentModificationDate?.timeIntervalSince1970 ?? 0)"
        }
        return out
    }

    /// `window.navigationBarTitleText` of the package's app.json.
    static func windowTitle(_ path: String) -> String? {
        var url = URL(fileURLWithPath: path)
        if url.pathExtension == "js" { url = url.deletingLastPathComponent() }
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent("app.json").path), data.count < 1 << 20,
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let window = json["window"] as? [String: Any]
        else { return nil }
        return window["navigationBarTitleText"] as? String
    }
}
