import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import MiniCamera
import NIOCore

/// `minimedia serve`'s HTTP side (Hummingbird 2 on 127.0.0.1): the page and its script and
/// styles (embedded in the binary: nothing from a CDN), page files through the sandbox
/// (`/file?path=`), album items (`/album/ID`), and the WebSocket `/ws` that carries renders,
/// dialogs, panel updates and preview frames out, and events and answers in.
///
/// Binary frames: 8 bytes capture time (ms since 1970, float64 little-endian), 4 bytes
/// sequence (uint32 LE), 1 byte length of the view name, the name (UTF-8), then the JPEG.
public struct SimulatorServer: Sendable {
    public let simulator: Simulator
    public let port: Int

    public init(simulator: Simulator, port: Int) {
        self.simulator = simulator
        self.port = port
    }

    /// Serves until cancelled; `ready` gets the URL once the socket listens.
    public func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let simulator = self.simulator
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.get("/") { _, _ in Self.response(Array(SimulatorAssets.html.utf8), "text/html; charset=utf-8") }
        router.get("/simulator.js") { _, _ in Self.response(Array(SimulatorAssets.script.utf8), "text/javascript; charset=utf-8") }
        router.get("/simulator.css") { _, _ in Self.response(Array(SimulatorAssets.css.utf8), "text/css; charset=utf-8") }
        router.get("/file") { request, _ -> Response in
            guard let path = request.uri.queryParameters.get("path"), let found = simulator.file(path) else {
                return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
            }
            return Self.response(found.bytes, found.type)
        }
        router.get("/album/:id") { _, context -> Response in
            guard let raw = context.parameters.get("id"), let id = Int64(raw), let found = simulator.albumFile(id) else {
                return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
            }
            return Self.response(found.bytes, found.type)
        }
        // Only the simulator's own page may drive the app: another site open in the same browser
        // cannot connect (browsers send its Origin with the upgrade).
        // The side panel's album import (drag and drop): one image per request, checked by
        // MiniImaging's probe before it is added.
        router.post("/album") { request, _ -> Response in
            var request = request
            if let origin = request.headers[.origin], !Self.isLocalOrigin(origin) {
                return Response(status: .forbidden, body: .init(byteBuffer: ByteBuffer(string: "forbidden\n")))
            }
            let body = try await request.collectBody(upTo: 64 << 20)
            let bytes = Array(body.readableBytesView)
            if let error = simulator.importIntoAlbum(bytes) {
                return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: error + "\n")))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.ws("/ws") { request, _ in
            guard let origin = request.headers[.origin] else { return .upgrade([:]) }
            return Self.isLocalOrigin(origin) ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, _ in
            let client = simulator.connect()
            defer { simulator.disconnect(client) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in client.signal {
                        let (texts, frames) = client.take()
                        for t in texts { try await outbound.write(.text(t)) }
                        for (view, f) in frames { try await outbound.write(.binary(Self.frameBuffer(f, view: view))) }
                        for chunk in client.takeAudio() { try await outbound.write(.binary(Self.audioBuffer(chunk))) }
                    }
                }
                group.addTask {
                    for try await message in inbound.messages(maxSize: 48 << 20) {
                        if case .binary(var buffer) = message {
                            // "MMW1" + JPEG: a frame of the browser's webcam.
                            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
                            let error = bytes.starts(with: Array("MMW1".utf8))
                                ? simulator.webcamFrame(Array(bytes.dropFirst(4))) : "binary messages must be webcam frames (MMW1 + JPEG)"
                            if let error { client.send(#"{"type":"error","text":"# + Self.quote(error) + "}") }
                            continue
                        }
                        guard case .text(let text) = message else { continue }
                        if let error = simulator.received(text) {
                            client.send(#"{"type":"error","text":"# + Self.quote(error) + "}")
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
                client.close()
            }
        }
        var logger = Logger(label: "minimedia.serve")
        // Cancelling the server (SIGINT, Tool.close) logs child-channel errors; real faults reach the caller.
        logger.logLevel = .critical
        let app = Application(
            router: router,
            // A screenshot (App.captureScreenshot) comes back as one large message.
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 48 << 20))),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "minimedia"),
            onServerRunning: { channel in
                ready("http://127.0.0.1:\(channel.localAddress?.port ?? port)/")
            },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [])
    }

    /// `http://127.0.0.1:PORT` or `http://localhost:PORT`.
    static func isLocalOrigin(_ origin: String) -> Bool {
        for prefix in ["http://127.0.0.1:", "http://localhost:"] where origin.hasPrefix(prefix) {
            return !origin.dropFirst(prefix.count).isEmpty && origin.dropFirst(prefix.count).allSatisfy(\.isNumber)
        }
        return false
    }

    static func quote(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8)
        let text = String(decoding: data, as: UTF8.self)
        return String(text.dropFirst().dropLast())
    }

    static func response(_ bytes: [UInt8], _ type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An audio chunk in the frame layout, view name `audio`: the payload is the sample rate
    /// (uint32 LE), the channel count (1 byte), then interleaved int16 LE samples.
    static func audioBuffer(_ chunk: AudioChunk) -> ByteBuffer {
        let name = Array("audio".utf8)
        var b = ByteBufferAllocator().buffer(capacity: 18 + name.count + chunk.samples.count * 2)
        b.writeInteger(chunk.playedAtMs.bitPattern, endianness: .little)
        b.writeInteger(UInt32(truncatingIfNeeded: chunk.sequence), endianness: .little)
        b.writeInteger(UInt8(name.count))
        b.writeBytes(name)
        b.writeInteger(UInt32(chunk.sampleRate), endianness: .little)
        b.writeInteger(UInt8(chunk.channels))
        for s in chunk.samples { b.writeInteger(s, endianness: .little) }
        return b
    }

    static func frameBuffer(_ f: PreviewImage, view: String) -> ByteBuffer {
        let name = Array(view.utf8.prefix(255))
        var b = ByteBufferAllocator().buffer(capacity: 13 + name.count + f.jpeg.count)
        b.writeInteger(f.capturedAtMs.bitPattern, endianness: .little)
        b.writeInteger(UInt32(truncatingIfNeeded: f.sequence), endianness: .little)
        b.writeInteger(UInt8(name.count))
        b.writeBytes(name)
        b.writeBytes(f.jpeg)
        return b
    }
}
