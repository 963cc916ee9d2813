/* CFFmpeg shim: FFmpeg headers plus static inline wrappers for macro-based API. */
#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixfmt.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libavutil/mathematics.h>
#include <libavutil/samplefmt.h>
#include <libavutil/display.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersrc.h>
#include <libavfilter/buffersink.h>

static inline int cffmpeg_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int cffmpeg_averror_eof(void) { return AVERROR_EOF; }
static inline int cffmpeg_averror_enomem(void) { return AVERROR(ENOMEM); }
static inline int64_t cffmpeg_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline int cffmpeg_time_base(void) { return AV_TIME_BASE; }
static inline int cffmpeg_error_max_string_size(void) { return AV_ERROR_MAX_STRING_SIZE; }
static inline int cffmpeg_seek_flag_backward(void) { return AVSEEK_FLAG_BACKWARD; }
static inline int cffmpeg_sws_bilinear(void) { return SWS_BILINEAR; }
static inline int cffmpeg_log_quiet(void) { return AV_LOG_QUIET; }
static inline int cffmpeg_log_error(void) { return AV_LOG_ERROR; }

static inline int cffmpeg_avio_flag_write(void) { return AVIO_FLAG_WRITE; }
static inline int cffmpeg_avio_flag_read(void) { return AVIO_FLAG_READ; }
static inline int cffmpeg_fmt_globalheader(void) { return AVFMT_GLOBALHEADER; }
static inline int cffmpeg_fmt_nofile(void) { return AVFMT_NOFILE; }
static inline int cffmpeg_codec_flag_global_header(void) { return AV_CODEC_FLAG_GLOBAL_HEADER; }
static inline int cffmpeg_pkt_flag_key(void) { return AV_PKT_FLAG_KEY; }
static inline int cffmpeg_pkt_flag_corrupt(void) { return AV_PKT_FLAG_CORRUPT; }
static inline int cffmpeg_averror_eio(void) { return AVERROR(EIO); }
static inline int cffmpeg_avseek_size(void) { return AVSEEK_SIZE; }
static inline int cffmpeg_avseek_force(void) { return AVSEEK_FORCE; }
static inline int cffmpeg_fmt_flag_custom_io(void) { return AVFMT_FLAG_CUSTOM_IO; }
static inline int cffmpeg_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int cffmpeg_disposition_attached_pic(void) { return AV_DISPOSITION_ATTACHED_PIC; }

/* Fill buf with the message for an FFmpeg error code. */
static inline void cffmpeg_strerror(int err, char *buf, size_t size) {
    if (av_strerror(err, buf, size) < 0 && size > 0) buf[0] = 0;
}

#endif
