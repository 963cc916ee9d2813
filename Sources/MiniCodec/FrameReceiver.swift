import CFFmpeg

/// The decode loop both decoders share: receive the next frame of one stream, reading packets
/// and sending them to the decoder whenever it asks for more, and flushing it at the end of the
/// file. A stream with more than 64 undecodable packets in a row is unreadable.
struct FrameReceiver {
    let streamIndex: Int32
    /// The end of the file was reached and the decoder is being flushed (reset on rewind).
    var draining = false

    init(streamIndex: Int32) { self.streamIndex = streamIndex }

    /// True with a frame in `frame` (the caller unrefs it), false at the end of the stream.
    mutating func receive(
        _ cc: UnsafeMutablePointer<AVCodecContext>, _ fc: UnsafeMutablePointer<AVFormatContext>,
        _ packet: UnsafeMutablePointer<AVPacket>, _ frame: UnsafeMutablePointer<AVFrame>, fail: (String) -> CodecError
    ) throws(CodecError) -> Bool {
        let eagain = cffmpeg_averror_eagain(), eof = cffmpeg_averror_eof()
        var badPackets = 0
        while true {
            let r = avcodec_receive_frame(cc, frame)
            if r == 0 { return true }
            if r == eof { return false }
            guard r == eagain else { throw fail("decode error: \(ffmpegErrorString(r))") }
            if draining { return false }
            if av_read_frame(fc, packet) < 0 {
                // End of file (or an unreadable tail): flush the decoder.
                draining = true
                _ = avcodec_send_packet(cc, nil)
                continue
            }
            if packet.pointee.stream_index == streamIndex {
                let s = avcodec_send_packet(cc, packet)
                if s < 0 && s != eagain {
                    badPackets += 1
                    if badPackets > 64 {
                        av_packet_unref(packet)
                        throw fail("too many undecodable packets: \(ffmpegErrorString(s))")
                    }
                }
            }
            av_packet_unref(packet)
        }
    }
}
