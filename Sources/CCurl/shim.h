/* CCurl shim: libcurl's headers plus typed wrappers for its variadic setopt/getinfo, which
   Swift cannot call directly. What links libcurl is decided by Package.swift (CLazyLibs). */
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

static inline CURLcode mm_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }
static inline CURLcode mm_curl_set_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode mm_curl_set_ptr(CURL *c, CURLoption o, const void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode mm_curl_set_off(CURL *c, CURLoption o, curl_off_t v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode mm_curl_set_write(CURL *c, curl_write_callback f) {
    return curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, f);
}
static inline CURLcode mm_curl_set_header(CURL *c, curl_write_callback f) {
    return curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, f);
}
static inline CURLcode mm_curl_set_read(CURL *c, curl_read_callback f) {
    return curl_easy_setopt(c, CURLOPT_READFUNCTION, f);
}
static inline CURLcode mm_curl_set_xferinfo(CURL *c, curl_xferinfo_callback f) {
    return curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, f);
}
/* Microseconds until the connection was made (0: none was). */
static inline long long mm_curl_connect_time_us(CURL *c) {
    curl_off_t t = 0;
    curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &t);
    return (long long)t;
}
/* The response's Content-Length, or -1 when unknown. */
static inline long long mm_curl_content_length(CURL *c) {
    curl_off_t n = -1;
    curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &n);
    return (long long)n;
}
static inline size_t mm_curl_readfunc_abort(void) { return CURL_READFUNC_ABORT; }
static inline CURLcode mm_curl_abort_code(void) { return CURLE_ABORTED_BY_CALLBACK; }
static inline CURLcode mm_curl_set_opensocket(CURL *c, curl_opensocket_callback f) {
    return curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, f);
}
static inline long mm_curl_response_code(CURL *c) {
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    return code;
}
/* The absolute url of a redirect's Location (curl resolves it against the request's url), or NULL. */
static inline const char *mm_curl_redirect_url(CURL *c) {
    char *url = NULL;
    curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &url);
    return url;
}

/* The IP address curl is about to connect to: 4 or 16 bytes into `out` (16 bytes), the port
   into `port`; returns 4, 16, or 0 for any other family. */
static inline int mm_curl_sockaddr_ip(const struct curl_sockaddr *a, unsigned char *out, unsigned short *port) {
    if (a->family == AF_INET && a->addrlen >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&a->addr;
        memcpy(out, &in->sin_addr, 4);
        *port = ntohs(in->sin_port);
        return 4;
    }
    if (a->family == AF_INET6 && a->addrlen >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&a->addr;
        memcpy(out, &in6->sin6_addr, 16);
        *port = ntohs(in6->sin6_port);
        return 16;
    }
    return 0;
}
static inline int mm_curl_sockaddr_family(const struct curl_sockaddr *a) { return a->family; }
static inline int mm_curl_sockaddr_socktype(const struct curl_sockaddr *a) { return a->socktype; }
static inline int mm_curl_sockaddr_protocol(const struct curl_sockaddr *a) { return a->protocol; }
static inline curl_socket_t mm_curl_socket_bad(void) { return CURL_SOCKET_BAD; }

#endif
