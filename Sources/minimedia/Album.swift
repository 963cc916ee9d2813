import ArgumentParser
import MiniCommandLine
import Foundation
import MiniCore
import MiniPhotos

/// `minimedia album`: the device-wide photo album every app shares.
struct Album: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import, list, export or remove photos in the shared photo album.",
        subcommands: [Import.self, List.self, Export.self, Remove.self])

    /// The album of `--data-dir`.
    static func library(_ options: AlbumDataOptions) throws -> PhotoLibrary {
        let data = Setup.dataDirectory(options.dataDir)
        return try Setup.usingData(data) { try PhotoLibrary(dataDirectory: data) }
    }

    /// Prints `minimedia: <message>` on stderr; exit status 1.
    static func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("minimedia: \(message)\n".utf8))
        return ExitCode(1)
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy image and video files into the album.")

        @Argument(help: "Image files (JPEG, PNG, WebP, GIF, BMP, HEIC, TIFF) and videos (mp4, mov, mkv, webm, …).")
        var files: [String]

        @OptionGroup var data: AlbumDataOptions

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one FILE to import") }
        }

        func run() throws {
            let library = try Album.library(data)
            var failed = false
            for file in files {
                do {
                    let item = PhotoLibrary.looksLikeVideo(file)
                        ? try library.addVideo(at: file, sourceApp: "minimedia") : try library.addImage(at: file, sourceApp: "minimedia")
                    print("imported #\(item.id) \(item.width)x\(item.height) \(item.size) bytes  \(file)")
                } catch let e as MediaError {
                    _ = Album.failure("cannot import \(file): \(e.message)")
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the album, newest first.")

        @OptionGroup var data: AlbumDataOptions

        func run() throws {
            let items = try Album.library(data).items()
            if items.isEmpty { print("the album is empty") }
            let formatter = ISO8601DateFormatter()
            let library = try Album.library(data)
            for item in items {
                let size = "\(item.width)x\(item.height)".padding(toLength: 11, withPad: " ", startingAt: 0)
                let created = formatter.string(from: Date(timeIntervalSince1970: item.created))
                // Videos show their length (from the container).
                let length = library.duration(of: item).map { String(format: "  %.1f s", $0) } ?? ""
                print("#\(item.id)  \(item.kind.rawValue)  \(size) \(item.size) bytes\(length)  \(created)  \(item.sourceApp)  \(item.filename)")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy an album item's file out.")

        @Argument(help: "Item id (as `album list` shows, without #).")
        var id: Int64

        @Argument(help: "Destination file or existing folder.")
        var destination: String

        @OptionGroup var data: AlbumDataOptions

        func run() throws {
            do {
                print(try Album.library(data).export(id, to: destination))
            } catch let e as MediaError {
                throw Album.failure(e.message)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an item and its file.")

        @Argument(help: "Item id.")
        var id: Int64

        @OptionGroup var data: AlbumDataOptions

        func run() throws {
            guard try Album.library(data).remove(id) else { throw Album.failure("no album item \(id)") }
            print("removed #\(id)")
        }
    }
}

/// `--data-dir` alone: the album is shared by every app and dialect.
struct AlbumDataOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data folder (default: $MINIMEDIA_HOME or ~/.local/share/minimedia).")
    var dataDir: String?
}
