/// TIFF probing: ImageWidth (256), ImageLength (257) and Orientation (274) from IFD0.
/// TIFF pixel decoding is not provided.
enum TIFFHeaderParser: HeaderProbing {
    static func probeHeader(_ source: ByteSource) throws -> ImageHeader {
        let reader = try TiffReader(source: source, base: 0)
        var width = 0, height = 0
        var orientation = ImageOrientation.up
        for entry in try reader.ifd0() {
            switch entry.tag {
            case 256: width = try reader.unsigned(entry) ?? 0
            case 257: height = try reader.unsigned(entry) ?? 0
            case 274: orientation = ImageOrientation(exifValue: try reader.unsigned(entry) ?? 1)
            default: break
            }
        }
        guard width > 0, height > 0 else { throw ImagingError(.corrupt, "TIFF has no valid image size") }
        return ImageHeader(format: .tiff, width: width, height: height, orientation: orientation)
    }
}
