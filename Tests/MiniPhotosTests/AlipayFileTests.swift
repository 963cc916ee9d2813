import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniPhotos
import Testing

/// Alipay's file parameters and results: `apFilePath` / `apFilePaths` (one table,
/// `APIConvention`), round-tripped through the real file and image APIs.
@Suite("Alipay apFilePath and apFilePaths")
struct AlipayFileTests {
    @Test func savedFilesRoundTrip() async throws {
        let s = try PhotoSession(dialect: .my)
        let temp = try s.temp("quad.png")
        let saved = try await s.call("saveFile", ["apFilePath": .string(temp)])
        let path = try #require(saved["apFilePath"]?.stringValue)
        #expect(saved["savedFilePath"]?.stringValue == path && saved["errMsg"] == nil)
        #expect(path.hasPrefix("https://usr/store_"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try s.host(path)))
        let info = try await s.call("getFileInfo", ["apFilePath": .string(path)])
        #expect(info["size"] == .number(Double(bytes.count)) && info["digest"]?.stringValue?.count == 32)
        #expect(try await s.call("getFileInfo", ["filePath": .string(path)]) == info)
        #expect(try await s.call("getSavedFileInfo", ["apFilePath": .string(path)])["size"] == .number(Double(bytes.count)))
        let list = try await s.call("getSavedFileList")["fileList"]?.arrayValue ?? []
        #expect(list.count == 1 && list.first?["apFilePath"]?.stringValue == path && list.first?["filePath"]?.stringValue == path)
        let image = try await s.call("getImageInfo", ["apFilePath": .string(path)])
        #expect(image["width"] == 64 && image["type"] == "png")
        #expect(try await s.call("removeSavedFile", ["apFilePath": .string(path)]) == [:])
        let gone = await s.failure("getFileInfo", ["apFilePath": .string(path)])
        #expect(gone?.shaped == ["error": 3, "errorMessage": "file not exist"])
        // The temp path stopped working when it was saved.
        #expect(await s.failure("saveFile", ["apFilePath": .string(temp)])?.shaped["error"] == 3)
    }

    @Test func parameterErrorsNameTheAlipayOption() async throws {
        let s = try PhotoSession(dialect: .my)
        #expect(await s.failure("saveFile", [:])?.shaped == [
            "error": 2, "errorMessage": "parameter error: parameter.apFilePath should be String instead of Undefined;",
        ])
        #expect(await s.failure("getFileInfo", ["apFilePath": 7])?.error.message
            == "parameter error: parameter.apFilePath should be String instead of Number;")
        // The WeChat spelling still works, and its errors keep its name.
        #expect(await s.failure("getFileInfo", ["filePath": 7])?.error.message
            == "parameter error: parameter.filePath should be String instead of Number;")
        #expect(await s.failure("compressImage", [:])?.error.message
            == "parameter error: parameter.apFilePaths should be Array instead of Undefined;")
        #expect(await s.failure("compressImage", ["apFilePaths": []])?.error.message
            == "parameter error: parameter.apFilePaths should not be empty;")
        #expect(await s.failure("compressImage", ["apFilePaths": [.string(try s.temp("quad.png"))], "compressLevel": 7])?.error.message
            == "parameter error: parameter.compressLevel should be one of 0, 1, 2, 3, 4 instead of 7;")
    }

    @Test func compressImageTakesAndReturnsAList() async throws {
        let s = try PhotoSession(dialect: .my)
        let a = try s.temp("quad.png"), b = try s.temp("orient_6.jpg")
        let res = try await s.call("compressImage", ["apFilePaths": [.string(a), .string(b)], "compressLevel": 1])
        let list = res["apFilePaths"]?.arrayValue ?? []
        let out = list.compactMap { $0.stringValue }
        #expect(out.count == 2 && res["tempFilePath"] == nil)
        for p in out {
            #expect(p.hasPrefix("https://resource/") && p.hasSuffix(".image"))
            let header = try ImageProbe.probe(path: try s.host(p))
            #expect(header.format == .jpeg && header.width == 64 && header.height == 48)
            expectQuadrants(try s.decode(p))
        }
        // Other dialects have no apFilePaths.
        let wx = try PhotoSession(dialect: .wx)
        #expect(await wx.failure("compressImage", ["apFilePaths": [.string(try wx.temp("quad.png"))]])?.error.message
            == "parameter error: parameter.src should be String instead of Undefined;")
    }
}
