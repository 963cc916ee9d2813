import CHeif
#if canImport(Glibc)
import Glibc
#endif

/// HEIC/HEIF through libheif. libheif applies the container's rotation/mirroring
/// (`irot`/`imir`) while decoding, so headers report the displayed size and `.up`.
enum HEIFDecoder: PixelDecoding {
    private static let initialized: Bool = {
        _ = heif_init(nil)
        return true
    }()

    /// `heif_context_set_max_decoding_threads`, looked up in the loaded libheif (it has no CLazyLibs
    /// trampoline yet). libheif 1.15 decodes grid tiles on background threads, each tile a libde265
    /// decoder with threads of its own: a 773-byte grid of many tiles exhausted the thread limit
    /// and `std::system_error` aborted the host. 0 decodes tiles on the calling thread.
    nonisolated(unsafe) private static let setMaxDecodingThreads: (@convention(c) (OpaquePointer?, Int32) -> Void)? = {
        _ = initialized // loads libheif through its trampoline
        guard let lib = dlopen("libheif.so.1", RTLD_LAZY | RTLD_NOLOAD) ?? dlopen("libheif.so.1", RTLD_LAZY),
              let symbol = dlsym(lib, "heif_context_set_max_decoding_threads") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (OpaquePointer?, Int32) -> Void).self)
    }()

    /// Opens a context from a file path (libheif reads only the boxes it needs).
    static func probe(path: String) throws -> ImageHeader {
        _ = initialized
        guard let ctx = heif_context_alloc() else { throw ImagingError(.corrupt, "cannot create HEIF context") }
        defer { heif_context_free(ctx) }
        try check(heif_context_read_from_file(ctx, path, nil), "HEIF container")
        return try withPrimary(ctx) { handle in try readHeader(handle) }
    }

    /// Probes HEIF bytes in memory.
    static func probe(data: UnsafeRawBufferPointer) throws -> ImageHeader {
        _ = initialized
        guard let ctx = heif_context_alloc() else { throw ImagingError(.corrupt, "cannot create HEIF context") }
        defer { heif_context_free(ctx) }
        try check(heif_context_read_from_memory_without_copy(ctx, data.baseAddress, data.count, nil), "HEIF container")
        return try withPrimary(ctx) { handle in try readHeader(handle) }
    }

    static func decodePixels(_ data: UnsafeRawBufferPointer, header: ImageHeader, request: DecodeRequest) throws -> PixelBuffer {
        _ = initialized
        let container = ByteSource(bytes: [UInt8](data))
        try HEIFItemLocations.check(container)
        try HEIFItemReferences.check(container)
        guard let ctx = heif_context_alloc() else { throw ImagingError(.corrupt, "cannot create HEIF context") }
        defer { heif_context_free(ctx) }
        guard let setMaxDecodingThreads = Self.setMaxDecodingThreads else {
            throw ImagingError(.unsupportedFormat, "this libheif cannot decode tiles on the calling thread")
        }
        setMaxDecodingThreads(ctx, 0)
        try check(heif_context_read_from_memory_without_copy(ctx, data.baseAddress, data.count, nil), "HEIF container")
        return try withPrimary(ctx) { handle in
            let h = try readHeader(handle)
            try request.limits.check(width: h.width, height: h.height)
            var image: OpaquePointer?
            try check(heif_decode_image(handle, &image, heif_colorspace_RGB, heif_chroma_interleaved_RGBA, nil), "HEIF image")
            guard let image else { throw ImagingError(.corrupt, "HEIF decode returned no image") }
            defer { heif_image_release(image) }
            let w = Int(heif_image_get_width(image, heif_channel_interleaved))
            let hh = Int(heif_image_get_height(image, heif_channel_interleaved))
            var stride: Int32 = 0
            guard w > 0, hh > 0, let plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride),
                  Int(stride) >= w * 4 else {
                throw ImagingError(.corrupt, "HEIF decode produced no RGBA plane")
            }
            // The container's `ispe` (what probing reports, what sizes are planned from) must
            // be what the coded stream holds: a lying header would otherwise be "honoured"
            // by upscaling 320x240 pixels to whatever it claims.
            guard w == h.width, hh == h.height else {
                throw ImagingError(.corrupt, "HEIF header says \(h.width)x\(h.height) but the coded image is \(w)x\(hh)")
            }
            try request.deadline.check("HEIF decode")
            return try PixelBuffer(uninitializedWidth: w, height: hh) { out in
                for y in 0 ..< hh {
                    (out.baseAddress! + y * w * 4).copyMemory(from: plane + y * Int(stride), byteCount: w * 4)
                }
            }
        }
    }

    private static func readHeader(_ handle: OpaquePointer) throws -> ImageHeader {
        let w = Int(heif_image_handle_get_width(handle)), h = Int(heif_image_handle_get_height(handle))
        guard w > 0, h > 0 else { throw ImagingError(.corrupt, "HEIF image has invalid size \(w)x\(h)") }
        return ImageHeader(format: .heic, width: w, height: h)
    }

    private static func withPrimary<T>(_ ctx: OpaquePointer, _ body: (OpaquePointer) throws -> T) throws -> T {
        var handle: OpaquePointer?
        try check(heif_context_get_primary_image_handle(ctx, &handle), "HEIF primary image")
        guard let handle else { throw ImagingError(.corrupt, "HEIF has no primary image") }
        defer { heif_image_handle_release(handle) }
        return try body(handle)
    }

    private static func check(_ err: heif_error, _ what: String) throws {
        guard err.code != heif_error_Ok else { return }
        let message = err.message.map { String(cString: $0) } ?? "error \(err.code.rawValue)"
        switch err.code {
        case heif_error_Input_does_not_exist:
            throw ImagingError(.fileNotFound, "\(what): \(message)")
        case heif_error_Unsupported_feature, heif_error_Unsupported_filetype, heif_error_Plugin_loading_error:
            throw ImagingError(.unsupportedFormat, "\(what): \(message)")
        case heif_error_Memory_allocation_error:
            throw ImagingError(.tooLarge, "\(what): \(message)")
        default:
            if err.subcode == heif_suberror_End_of_data {
                throw ImagingError(.truncated, "\(what) is truncated: \(message)")
            }
            throw ImagingError(.corrupt, "\(what) is invalid: \(message)")
        }
    }
}
