/* CALSA shim: ALSA's PCM API for the alsa: microphone (libasound loads lazily, see CLazyLibs). */
#ifndef CALSA_SHIM_H
#define CALSA_SHIM_H

#include <alsa/asoundlib.h>

static inline int calsa_stream_capture(void) { return SND_PCM_STREAM_CAPTURE; }
static inline int calsa_stream_playback(void) { return SND_PCM_STREAM_PLAYBACK; }
static inline int calsa_format_s16_le(void) { return SND_PCM_FORMAT_S16_LE; }
static inline int calsa_access_rw_interleaved(void) { return SND_PCM_ACCESS_RW_INTERLEAVED; }

#endif
