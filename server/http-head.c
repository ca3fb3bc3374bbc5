/* http-head.c — see http-head.h.
 *
 * Strict on purpose: anything a careful reading of RFC 9112 would have to think about
 * (obsolete line folding, a bare LF, whitespace before a colon, a control character, an
 * absolute-form target, duplicate or unusual framing headers) makes the request OTHER,
 * and libsoup deals with it. The fast path only ever sees the common, simple case.
 */
#include "http-head.h"

#include <string.h>

static gboolean
name_is (const gchar *name, gsize len, const gchar *want)
{
  return len == strlen (want) && g_ascii_strncasecmp (name, want, len) == 0;
}

/* Does a comma-separated header value contain @token (case-insensitive)? */
static gboolean
has_token (const gchar *value, gsize len, const gchar *token)
{
  gsize tlen = strlen (token), i = 0;

  while (i < len) {
    gsize start, end;

    while (i < len && (value[i] == ' ' || value[i] == '\t' || value[i] == ','))
      i++;
    start = i;
    while (i < len && value[i] != ',')
      i++;
    end = i;
    while (end > start && (value[end - 1] == ' ' || value[end - 1] == '\t'))
      end--;
    if (end - start == tlen && g_ascii_strncasecmp (value + start, token, tlen) == 0)
      return TRUE;
  }
  return FALSE;
}

/* Visible ASCII for a target (RFC 3986 characters; no spaces, no controls, no UTF-8). */
static gboolean
target_char (guchar c)
{
  return c > 0x20 && c < 0x7f;
}

static gboolean
field_value_char (guchar c)
{
  return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static gboolean
token_char (guchar c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-.^_`|~", c) != NULL;
}

TribuneHttpHeadKind
tribune_http_head_parse (const gchar *buf, gsize len, TribuneHttpHead *out)
{
  const gchar *end, *line, *sp, *target, *version;
  gsize target_len, head_len;
  gboolean connection_close = FALSE, connection_keep_alive = FALSE, http11;
  const gchar *q;

  memset (out, 0, sizeof *out);
  end = len >= 4 ? g_strstr_len (buf, MIN (len, TRIBUNE_HTTP_HEAD_MAX), "\r\n\r\n") : NULL;
  if (end == NULL) {
    /* A NUL, or a head longer than we read, is libsoup's to refuse. */
    if (len >= TRIBUNE_HTTP_HEAD_MAX || memchr (buf, '\0', len) != NULL)
      return TRIBUNE_HTTP_HEAD_OTHER;
    /* Lines ending in a bare LF: libsoup is lenient about those, we are not. */
    for (const gchar *lf = memchr (buf, '\n', len); lf != NULL;
         lf = memchr (lf + 1, '\n', len - (gsize) (lf + 1 - buf)))
      if (lf == buf || lf[-1] != '\r')
        return TRIBUNE_HTTP_HEAD_OTHER;
    /* Not GET/HEAD: no need to wait for the rest. */
    if ((len >= 4 && strncmp (buf, "GET ", 4) != 0 && strncmp (buf, "HEAD", 4) != 0) ||
        (len > 0 && len < 4 && strncmp (buf, "GET ", len) != 0 && strncmp (buf, "HEAD", len) != 0))
      return TRIBUNE_HTTP_HEAD_OTHER;
    return TRIBUNE_HTTP_HEAD_INCOMPLETE;
  }
  head_len = (gsize) (end - buf) + 4;
  if (memchr (buf, '\0', head_len) != NULL)
    return TRIBUNE_HTTP_HEAD_OTHER;

  /* Request line: METHOD SP target SP HTTP/1.x CRLF */
  line = buf;
  if (strncmp (line, "GET ", 4) == 0) {
    target = line + 4;
  } else if (strncmp (line, "HEAD ", 5) == 0) {
    target = line + 5;
    out->head = TRUE;
  } else {
    return TRIBUNE_HTTP_HEAD_OTHER;
  }
  if (*target != '/')
    return TRIBUNE_HTTP_HEAD_OTHER;     /* absolute-form, asterisk-form: libsoup */
  for (sp = target; sp < end && target_char ((guchar) *sp); sp++)
    ;
  if (sp >= end || *sp != ' ')
    return TRIBUNE_HTTP_HEAD_OTHER;
  target_len = (gsize) (sp - target);
  version = sp + 1;
  /* The request line's CRLF may be the first half of the blank line's "\r\n\r\n". */
  if (end + 4 - version < 10 || strncmp (version, "HTTP/1.", 7) != 0 ||
      (version[7] != '0' && version[7] != '1') || version[8] != '\r' || version[9] != '\n')
    return TRIBUNE_HTTP_HEAD_OTHER;
  http11 = version[7] == '1';
  q = memchr (target, '?', target_len);
  out->path = target;
  out->path_len = q ? (gsize) (q - target) : target_len;
  if (q) {
    out->query = q + 1;
    out->query_len = target_len - out->path_len - 1;
  }
  if (memchr (target, '#', target_len) != NULL)
    return TRIBUNE_HTTP_HEAD_OTHER;

  /* Header fields. */
  line = version + 10;
  while (line < end + 2) {
    const gchar *eol = memchr (line, '\r', (gsize) (end + 2 - line));
    const gchar *colon, *value, *value_end;
    gsize name_len;

    if (eol == NULL || eol[1] != '\n')
      return TRIBUNE_HTTP_HEAD_OTHER;   /* a bare CR */
    if (memchr (line, '\n', (gsize) (eol - line)) != NULL)
      return TRIBUNE_HTTP_HEAD_OTHER;   /* a bare LF */
    colon = memchr (line, ':', (gsize) (eol - line));
    if (colon == NULL || colon == line)
      return TRIBUNE_HTTP_HEAD_OTHER;   /* also obs-fold (a line starting with space) */
    for (const gchar *c = line; c < colon; c++)
      if (!token_char ((guchar) *c))
        return TRIBUNE_HTTP_HEAD_OTHER;
    name_len = (gsize) (colon - line);
    value = colon + 1;
    while (value < eol && (*value == ' ' || *value == '\t'))
      value++;
    value_end = eol;
    while (value_end > value && (value_end[-1] == ' ' || value_end[-1] == '\t'))
      value_end--;
    for (const gchar *c = value; c < value_end; c++)
      if (!field_value_char ((guchar) *c))
        return TRIBUNE_HTTP_HEAD_OTHER;

    if (name_is (line, name_len, "Content-Length")) {
      if (value_end - value != 1 || *value != '0')
        return TRIBUNE_HTTP_HEAD_OTHER;   /* a body: libsoup */
    } else if (name_is (line, name_len, "Transfer-Encoding") ||
               name_is (line, name_len, "Upgrade") ||
               name_is (line, name_len, "Range") ||
               name_is (line, name_len, "If-Range") ||
               name_is (line, name_len, "Expect")) {
      return TRIBUNE_HTTP_HEAD_OTHER;
    } else if (name_is (line, name_len, "Connection")) {
      connection_close |= has_token (value, (gsize) (value_end - value), "close");
      connection_keep_alive |= has_token (value, (gsize) (value_end - value), "keep-alive");
      if (has_token (value, (gsize) (value_end - value), "upgrade"))
        return TRIBUNE_HTTP_HEAD_OTHER;
    } else if (name_is (line, name_len, "User-Agent")) {
      out->user_agent = value;
      out->user_agent_len = (gsize) (value_end - value);
    }
    line = eol + 2;
    if (line == end + 2)
      break;
  }
  out->head_len = head_len;
  out->keep_alive = http11 ? !connection_close : (connection_keep_alive && !connection_close);
  return TRIBUNE_HTTP_HEAD_FAST;
}
