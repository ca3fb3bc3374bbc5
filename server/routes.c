/* routes.c — see routes.h. */
#include "routes.h"

#include <string.h>

void
tribune_route_clear (TribuneRoute *route)
{
  g_clear_pointer (&route->room, g_free);
  g_clear_pointer (&route->session, g_free);
  g_clear_pointer (&route->file, g_free);
  g_clear_pointer (&route->item, g_free);
  route->kind = TRIBUNE_ROUTE_NONE;
}

static gboolean
segment_is_safe (const gchar *s)
{
  if (s == NULL || *s == '\0' || g_str_equal (s, ".") || g_str_equal (s, "..") ||
      strlen (s) > 128)
    return FALSE;
  for (; *s; s++) {
    if (!g_ascii_isalnum (*s) && *s != '.' && *s != '_' && *s != '-')
      return FALSE;
  }
  return TRUE;
}

static gboolean
set (TribuneRoute *r, TribuneRouteKind kind, const gchar *room, const gchar *session,
     const gchar *file)
{
  r->kind = kind;
  r->room = g_strdup (room);
  r->session = g_strdup (session);
  r->file = g_strdup (file);
  return TRUE;
}

gboolean
tribune_route_parse (const gchar *path, TribuneRoute *r)
{
  g_auto (GStrv) parts = NULL;
  guint n;

  memset (r, 0, sizeof *r);
  if (path == NULL || path[0] != '/')
    return FALSE;
  if (g_str_equal (path, "/"))
    return set (r, TRIBUNE_ROUTE_PAGE_INDEX, NULL, NULL, NULL);

  /* Ignore one trailing slash ("/api/rooms/"); reject empty segments elsewhere. */
  {
    g_autofree gchar *trimmed = g_strdup (path + 1);
    gsize len = strlen (trimmed);
    if (len > 0 && trimmed[len - 1] == '/')
      trimmed[len - 1] = '\0';
    parts = g_strsplit (trimmed, "/", 6);
  }
  n = g_strv_length (parts);
  if (n == 0)
    return FALSE;   /* "//": nothing left after the trailing slash */
  for (guint i = 0; i < n; i++) {
    if (!segment_is_safe (parts[i]))
      return FALSE;
  }

  if (n == 1 && g_str_equal (parts[0], "healthz"))
    return set (r, TRIBUNE_ROUTE_HEALTHZ, NULL, NULL, NULL);
  if (n == 1 && g_str_equal (parts[0], "metrics"))
    return set (r, TRIBUNE_ROUTE_METRICS, NULL, NULL, NULL);
  if (g_str_equal (parts[0], "whep") || g_str_equal (parts[0], "whip")) {
    gboolean whep = g_str_equal (parts[0], "whep");
    /* A remote participant's sessions (docs/hybrid.md): "join" is no room id. */
    if (n == 3 && g_str_equal (parts[1], "join"))
      return set (r, whep ? TRIBUNE_ROUTE_WHEP_JOIN : TRIBUNE_ROUTE_WHIP_JOIN, NULL, NULL,
                  parts[2]);
    if (n == 4 && g_str_equal (parts[1], "join"))
      return set (r, whep ? TRIBUNE_ROUTE_WHEP_JOIN_SESSION : TRIBUNE_ROUTE_WHIP_JOIN_SESSION,
                  NULL, parts[3], parts[2]);
    if (n == 3 && whep && g_str_equal (parts[2], "hall"))
      return set (r, TRIBUNE_ROUTE_WHEP_HALL, parts[1], NULL, NULL);
    if (n == 2)
      return set (r, whep ? TRIBUNE_ROUTE_WHEP : TRIBUNE_ROUTE_WHIP, parts[1], NULL, NULL);
    if (n == 3)
      return set (r, whep ? TRIBUNE_ROUTE_WHEP_SESSION : TRIBUNE_ROUTE_WHIP_SESSION,
                  parts[1], parts[2], NULL);
    return FALSE;
  }
  if (n == 3 && g_str_equal (parts[0], "hls"))
    return set (r, TRIBUNE_ROUTE_HLS, parts[1], NULL, parts[2]);
  if (n == 2 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "session"))
    return set (r, TRIBUNE_ROUTE_API_SESSION, NULL, NULL, NULL);
  if (n == 2 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "councils"))
    return set (r, TRIBUNE_ROUTE_API_COUNCILS, NULL, NULL, NULL);
  if (n == 2 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings"))
    return set (r, TRIBUNE_ROUTE_API_MEETINGS, NULL, NULL, NULL);
  if (n == 3 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings"))
    return set (r, TRIBUNE_ROUTE_API_MEETING, NULL, NULL, parts[2]);
  if (n >= 4 && n <= 5 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "agenda")) {
    set (r, n == 4 ? TRIBUNE_ROUTE_API_AGENDA : TRIBUNE_ROUTE_API_AGENDA_ITEM, NULL, NULL,
         parts[2]);
    r->item = g_strdup (parts[4]);
    return TRUE;
  }
  if (n == 4 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      (g_str_equal (parts[3], "start") || g_str_equal (parts[3], "end"))) {
    set (r, TRIBUNE_ROUTE_API_MEETING_ACTION, NULL, NULL, parts[2]);
    r->item = g_strdup (parts[3]);
    return TRUE;
  }
  if (n == 6 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "agenda") && g_str_equal (parts[5], "current")) {
    set (r, TRIBUNE_ROUTE_API_AGENDA_CURRENT, NULL, NULL, parts[2]);
    r->item = g_strdup (parts[4]);
    return TRUE;
  }
  if (n == 6 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "agenda") && g_str_equal (parts[5], "chapter")) {
    set (r, TRIBUNE_ROUTE_API_CHAPTER, NULL, NULL, parts[2]);
    r->item = g_strdup (parts[4]);
    return TRUE;
  }
  /* /vod/{meeting}/{index.m3u8|chapters.vtt}, /vod/{meeting}/items/{item}.{m3u8|mp4},
   * /vod/{meeting}/{recording}/{sequence}.ts; vod-resource.c checks each part. */
  if ((n == 3 || n == 4) && g_str_equal (parts[0], "vod")) {
    set (r, TRIBUNE_ROUTE_VOD, NULL, n == 4 ? parts[2] : NULL, parts[1]);
    r->item = g_strdup (parts[n - 1]);
    return TRUE;
  }
  if (n == 4 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "questions"))
    return set (r, TRIBUNE_ROUTE_API_QUESTIONS, NULL, NULL, parts[2]);
  if (n == 4 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "moderation"))
    return set (r, TRIBUNE_ROUTE_API_MODERATION, NULL, NULL, parts[2]);
  if (n == 5 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "moderation") && g_str_equal (parts[4], "events"))
    return set (r, TRIBUNE_ROUTE_API_MODERATION_EVENTS, NULL, NULL, parts[2]);
  /* Hybrid meetings (docs/hybrid.md). */
  if (n == 4 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "invites"))
    return set (r, TRIBUNE_ROUTE_API_INVITES, NULL, NULL, parts[2]);
  if (n == 4 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "participants"))
    return set (r, TRIBUNE_ROUTE_API_PARTICIPANTS, NULL, NULL, parts[2]);
  if (n == 5 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "participants")) {
    set (r, TRIBUNE_ROUTE_API_PARTICIPANT, NULL, NULL, parts[2]);
    r->item = g_strdup (parts[4]);
    return TRUE;
  }
  if (n == 4 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "layout"))
    return set (r, TRIBUNE_ROUTE_API_LAYOUT, NULL, NULL, parts[2]);
  if (n == 4 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "speakers"))
    return set (r, TRIBUNE_ROUTE_API_SPEAKERS, NULL, NULL, parts[2]);
  if (n == 5 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "meetings") &&
      g_str_equal (parts[3], "speakers")) {
    set (r, TRIBUNE_ROUTE_API_SPEAKER, NULL, NULL, parts[2]);
    r->item = g_strdup (parts[4]);
    return TRUE;
  }
  if (n == 3 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "speakers"))
    return set (r, TRIBUNE_ROUTE_API_SPEAKER_SELF, NULL, NULL, parts[2]);
  if (n == 3 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "join"))
    return set (r, TRIBUNE_ROUTE_API_JOIN, NULL, NULL, parts[2]);
  if (n == 2 && g_str_equal (parts[0], "join"))
    return set (r, TRIBUNE_ROUTE_PAGE_JOIN, NULL, NULL, parts[1]);
  if (n >= 3 && n <= 4 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "questions")) {
    if (n == 3)
      return set (r, TRIBUNE_ROUTE_API_QUESTION, NULL, NULL, parts[2]);
    if (g_str_equal (parts[3], "votes"))
      return set (r, TRIBUNE_ROUTE_API_QUESTION_VOTES, NULL, NULL, parts[2]);
    if (g_str_equal (parts[3], "screen"))
      return set (r, TRIBUNE_ROUTE_API_QUESTION_SCREEN, NULL, NULL, parts[2]);
    return FALSE;
  }
  /* Advices (docs/advices.md): /api/advices[.json], /api/advices/{id}[/events|
   * /attachments[/{attachment}]], /api/export/ori.jsonld, the feeds and the pages. */
  if (g_str_equal (parts[0], "api") && n >= 2 && g_str_equal (parts[1], "advices")) {
    if (n == 2)
      return set (r, TRIBUNE_ROUTE_API_ADVICES, NULL, NULL, NULL);
    if (n == 3)
      return set (r, TRIBUNE_ROUTE_API_ADVICE, NULL, NULL, parts[2]);
    if (n == 4 && g_str_equal (parts[3], "events"))
      return set (r, TRIBUNE_ROUTE_API_ADVICE_EVENTS, NULL, NULL, parts[2]);
    if (n == 4 && g_str_equal (parts[3], "attachments"))
      return set (r, TRIBUNE_ROUTE_API_ADVICE_ATTACHMENTS, NULL, NULL, parts[2]);
    if (n == 5 && g_str_equal (parts[3], "attachments")) {
      set (r, TRIBUNE_ROUTE_API_ADVICE_ATTACHMENT, NULL, NULL, parts[2]);
      r->item = g_strdup (parts[4]);
      return TRUE;
    }
    return FALSE;
  }
  if (n == 2 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "advices.json"))
    return set (r, TRIBUNE_ROUTE_API_ADVICES_JSON, NULL, NULL, NULL);
  if (n == 3 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "export") &&
      g_str_equal (parts[2], "ori.jsonld"))
    return set (r, TRIBUNE_ROUTE_API_EXPORT_ORI, NULL, NULL, NULL);
  if (n == 1 && (g_str_equal (parts[0], "advices.atom") || g_str_equal (parts[0], "advices.ics")))
    return set (r, TRIBUNE_ROUTE_ADVICE_FEED, NULL, NULL, parts[0]);
  if (n == 1 && g_str_equal (parts[0], "advices"))
    return set (r, TRIBUNE_ROUTE_PAGE_ADVICES, NULL, NULL, NULL);
  if (n == 2 && g_str_equal (parts[0], "advices"))
    return set (r, TRIBUNE_ROUTE_PAGE_ADVICE, NULL, NULL, parts[1]);
  if (n == 2 && g_str_equal (parts[0], "admin") && g_str_equal (parts[1], "advices"))
    return set (r, TRIBUNE_ROUTE_PAGE_ADMIN_ADVICES, NULL, NULL, NULL);
  if (n == 2 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "search"))
    return set (r, TRIBUNE_ROUTE_API_SEARCH, NULL, NULL, NULL);
  if (g_str_equal (parts[0], "api") && n >= 2 && g_str_equal (parts[1], "rooms")) {
    if (n == 2)
      return set (r, TRIBUNE_ROUTE_API_ROOMS, NULL, NULL, NULL);
    if (n == 3)
      return set (r, TRIBUNE_ROUTE_API_ROOM, parts[2], NULL, NULL);
    if (n == 4 && g_str_equal (parts[3], "events"))
      return set (r, TRIBUNE_ROUTE_API_ROOM_EVENTS, parts[2], NULL, NULL);
    return FALSE;
  }
  if (n == 2 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "users"))
    return set (r, TRIBUNE_ROUTE_API_USERS, NULL, NULL, NULL);
  if (n == 3 && g_str_equal (parts[0], "api") && g_str_equal (parts[1], "users"))
    return set (r, TRIBUNE_ROUTE_API_USER, NULL, NULL, parts[2]);
  if (n == 2 && g_str_equal (parts[0], "room"))
    return set (r, TRIBUNE_ROUTE_PAGE_ROOM, parts[1], NULL, NULL);
  if (n == 2 && g_str_equal (parts[0], "hall"))
    return set (r, TRIBUNE_ROUTE_PAGE_HALL, parts[1], NULL, NULL);
  if (n == 1 && g_str_equal (parts[0], "archive"))
    return set (r, TRIBUNE_ROUTE_PAGE_ARCHIVE, NULL, NULL, NULL);
  if (n == 2 && g_str_equal (parts[0], "archive"))
    return set (r, TRIBUNE_ROUTE_PAGE_ARCHIVE_MEETING, NULL, NULL, parts[1]);
  if (n == 1 && g_str_equal (parts[0], "login"))
    return set (r, TRIBUNE_ROUTE_PAGE_LOGIN, NULL, NULL, NULL);
  if (n == 1 && g_str_equal (parts[0], "admin"))
    return set (r, TRIBUNE_ROUTE_PAGE_ADMIN, NULL, NULL, NULL);
  if (n == 2 && g_str_equal (parts[0], "chair"))
    return set (r, TRIBUNE_ROUTE_PAGE_CHAIR, NULL, NULL, parts[1]);
  if (n >= 2 && g_str_equal (parts[0], "static")) {
    g_autofree gchar *rest = g_strjoinv ("/", parts + 1);
    return set (r, TRIBUNE_ROUTE_STATIC, NULL, NULL, rest);
  }
  if (n == 2 && g_str_equal (parts[0], "vendor"))
    return set (r, TRIBUNE_ROUTE_VENDOR, NULL, NULL, parts[1]);
  return FALSE;
}

const gchar *
tribune_route_allowed_methods (TribuneRouteKind kind)
{
  switch (kind) {
    case TRIBUNE_ROUTE_WHEP:
    case TRIBUNE_ROUTE_WHIP:
    case TRIBUNE_ROUTE_WHEP_JOIN:
    case TRIBUNE_ROUTE_WHIP_JOIN:
    case TRIBUNE_ROUTE_WHEP_HALL:
      return "POST, OPTIONS";
    case TRIBUNE_ROUTE_WHEP_SESSION:
    case TRIBUNE_ROUTE_WHIP_SESSION:
    case TRIBUNE_ROUTE_WHEP_JOIN_SESSION:
    case TRIBUNE_ROUTE_WHIP_JOIN_SESSION:
      return "PATCH, DELETE, OPTIONS";
    case TRIBUNE_ROUTE_API_SESSION:
      return "GET, POST, DELETE, OPTIONS";
    case TRIBUNE_ROUTE_API_COUNCILS:
    case TRIBUNE_ROUTE_API_MEETINGS:
    case TRIBUNE_ROUTE_API_AGENDA:
    case TRIBUNE_ROUTE_API_USERS:
    case TRIBUNE_ROUTE_API_QUESTIONS:
      return "GET, HEAD, POST, OPTIONS";
    case TRIBUNE_ROUTE_API_QUESTION:
      return "GET, HEAD, PATCH, OPTIONS";
    case TRIBUNE_ROUTE_API_QUESTION_VOTES:
      return "POST, OPTIONS";
    case TRIBUNE_ROUTE_API_QUESTION_SCREEN:
      return "POST, DELETE, OPTIONS";
    case TRIBUNE_ROUTE_API_USER:
      return "DELETE, OPTIONS";
    case TRIBUNE_ROUTE_API_INVITES:
      return "POST, OPTIONS";
    case TRIBUNE_ROUTE_API_PARTICIPANTS:
      return "GET, HEAD, OPTIONS";
    case TRIBUNE_ROUTE_API_PARTICIPANT:
      return "POST, DELETE, OPTIONS";
    case TRIBUNE_ROUTE_API_LAYOUT:
      return "PUT, OPTIONS";
    case TRIBUNE_ROUTE_API_JOIN:
    case TRIBUNE_ROUTE_API_SPEAKERS:
      return "GET, HEAD, POST, OPTIONS";
    case TRIBUNE_ROUTE_API_SPEAKER:
      return "POST, OPTIONS";
    case TRIBUNE_ROUTE_API_ADVICES:
    case TRIBUNE_ROUTE_API_ADVICE_EVENTS:
    case TRIBUNE_ROUTE_API_ADVICE_ATTACHMENTS:
      return "GET, HEAD, POST, OPTIONS";
    case TRIBUNE_ROUTE_API_ADVICE:
      return "GET, HEAD, PATCH, OPTIONS";
    case TRIBUNE_ROUTE_API_ADVICE_ATTACHMENT:
      return "GET, HEAD, DELETE, OPTIONS";
    case TRIBUNE_ROUTE_API_MEETING_ACTION:
    case TRIBUNE_ROUTE_API_AGENDA_CURRENT:
      return "POST, OPTIONS";
    case TRIBUNE_ROUTE_API_CHAPTER:
      return "PATCH, OPTIONS";
    case TRIBUNE_ROUTE_API_MEETING:
    case TRIBUNE_ROUTE_API_AGENDA_ITEM:
      return "GET, HEAD, PATCH, DELETE, OPTIONS";
    case TRIBUNE_ROUTE_NONE:
      return "";
    default:
      return "GET, HEAD, OPTIONS";
  }
}
