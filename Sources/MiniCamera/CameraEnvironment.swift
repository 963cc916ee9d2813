import MiniBarcode
import MiniCapture
import MiniCore
import MiniHost

/// Where cameras come from in one host: the device spec (`--camera`), an optional code shown by
/// the synthetic card (`--camera-code`), the capture clock and pacing, and the optional album
/// hook `scanCode` falls back to. Shared by the `<camera>` component, `scanCode` and
/// `chooseImage`'s camera source.
public struct CameraEnvironment: Sendable {
    /// Which device to open.
    public var spec: CameraDeviceSpec
    /// A barcode drawn on synthetic frames (ignored by file and V4L2 cameras).
    public var overlay: CodeOverlay?
    /// `.paced` (real time, the default) or `.unpaced` (benchmarks).
    public var pacing: FramePacing
    /// Frames `wx.scanCode` looks at before it gives up (≈ 3 s at 30 fps).
    public var scanFrameBudget: Int
    /// Picks an image from the album for `scanCode` when the camera finds nothing and
    /// `onlyFromCamera` is false; returns the picked file's host path, or `nil` (cancelled).
    /// `nil` (the default) means the host has no album picker: `scanCode` uses the camera only.
    public var albumImage: (@Sendable (AppSession) async throws -> String?)?
    /// Makes the device (default: `spec.makeDevice`). Tests and benches may substitute one.
    /// Devices are paced by the session's clock, passed in.
    public var deviceFactory: @Sendable (CameraEnvironment, any MediaClock) -> any CameraDevice
    /// Takes a recording recovered after a crash (the host path of its playable MP4, removed
    /// after the call) — the standard modules put it into the album. nil: it stays in
    /// `<app>/recordings/recovered/`.
    public var recoveredRecording: (@Sendable (AppSession, String) throws -> Void)?
    /// Which microphone recordings use (`--microphone`).
    public var microphone: MicrophoneDeviceSpec = .synthetic
    /// Makes the microphone (default: `microphone.makeDevice`), paced by the session's clock.
    public var microphoneFactory: @Sendable (CameraEnvironment, any MediaClock) -> any MicrophoneDevice = { env, clock in
        env.microphone.makeDevice(clock: clock)
    }

    public init(
        spec: CameraDeviceSpec = .defaultSynthetic, overlay: CodeOverlay? = nil,
        pacing: FramePacing = .paced, scanFrameBudget: Int = 90,
        albumImage: (@Sendable (AppSession) async throws -> String?)? = nil,
        deviceFactory: @escaping @Sendable (CameraEnvironment, any MediaClock) -> any CameraDevice = { env, clock in
            env.spec.makeDevice(clock: clock, overlay: env.overlay)
        }
    ) {
        self.spec = spec
        self.overlay = overlay
        self.pacing = pacing
        self.scanFrameBudget = max(1, scanFrameBudget)
        self.albumImage = albumImage
        self.deviceFactory = deviceFactory
    }

    /// Parses the command-line strings: `--camera` (`synthetic[:WxH]`, `file:PATH`, `v4l2:DEV`)
    /// and `--camera-code` (`FORMAT:TEXT`, e.g. `QR_CODE:hello` or `EAN_13:5901234123457`).
    public init(cameraSpec: String, code: String? = nil, microphoneSpec: String = "synthetic") throws {
        let spec: CameraDeviceSpec
        do { spec = try CameraDeviceSpec(parsing: cameraSpec) } catch {
            throw MediaError(.parameterError, "--camera: \(error)")
        }
        self.init(spec: spec, overlay: try code.map(Self.overlay(parsing:)))
        do { microphone = try MicrophoneDeviceSpec(parsing: microphoneSpec) } catch {
            guard case .invalidSpec(let reason) = error else { throw MediaError(.parameterError, "--microphone: \(error)") }
            throw MediaError(.parameterError, "--microphone: \(reason)")
        }
    }

    /// A new microphone, paced by `clock` (the session's).
    public func makeMicrophone(clock: any MediaClock) -> any MicrophoneDevice { microphoneFactory(self, clock) }

    /// A new device, paced by `clock` (the session's).
    public func makeDevice(clock: any MediaClock) -> any CameraDevice { deviceFactory(self, clock) }

    /// A device of its own for one picker shot or clip (`chooseImage`, `chooseVideo`), open at
    /// its native resolution facing `position`; the caller closes it.
    func openPickerDevice(session: AppSession, position: MiniHost.CameraPosition) throws -> any CameraDevice {
        let device = makeDevice(clock: session.clock)
        do {
            try device.open(CameraConfiguration(position: position == .front ? .front : .back, resolution: .native, pacing: pacing))
        } catch {
            throw MediaError.camera(error)
        }
        return device
    }

    /// Parses `FORMAT:TEXT` into a code overlay for the synthetic card.
    public static func overlay(parsing text: String) throws -> CodeOverlay {
        guard let colon = text.firstIndex(of: ":"),
            let format = BarcodeFormat(rawValue: text[..<colon].uppercased())
        else {
            let names = BarcodeFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw MediaError(.parameterError, "--camera-code must look like QR_CODE:hello (formats: \(names)); got \"\(text)\"")
        }
        let payload = String(text[text.index(after: colon)...])
        return try overlay(format: format, text: payload)
    }

    /// Encodes `text` as `format` and wraps it as an overlay (linear codes get a wide quiet zone).
    public static func overlay(format: BarcodeFormat, text: String) throws -> CodeOverlay {
        do {
            let m = try BarcodeGenerator().generate(text, format: format, margin: 0)
            let linear = m.height == 1 || format.isLinear
            if linear {
                // A linear code: keep one row of modules; the overlay draws tall bars.
                let row = Array(m.bits[0..<m.width])
                return CodeOverlay(width: m.width, height: 1, modules: row, quietZone: 12, coverage: 0.7)
            }
            return CodeOverlay(width: m.width, height: m.height, modules: m.bits, quietZone: 4, coverage: 0.6)
        } catch {
            throw MediaError(.parameterError, "--camera-code: cannot encode \"\(text)\" as \(format.rawValue): \(error)")
        }
    }
}
