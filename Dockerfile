# Dockerfile — Tribune on Debian 12 (bookworm).
#
# NOTE: untested. Docker cannot run on the machine this was written on, so this file has
# never been built. It uses only the Debian packages and commands that the project's own
# build uses (see README.md); please report what breaks.
#
#   docker build -t tribune .
#   docker run --rm --network host tribune                      # the demo room on :8080
#   docker run --rm --network host \
#     -v /srv/tribune/tribune.conf:/etc/tribune/tribune.conf:ro \
#     -v tribune-data:/var/lib/tribune tribune                  # your own rooms
#
# --network host: WebRTC media uses UDP on ports chosen per session, which "-p" cannot
# publish. With "-p 8080:8080" instead, only the pages and HLS work from outside.
# An SRT room also needs its srt_port (UDP) reachable.

# ---- build stage: compile the server, fetch hls.js ----
FROM debian:bookworm AS build

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential meson ninja-build pkg-config \
      libglib2.0-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev \
      libgstreamer-plugins-bad1.0-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev \
      nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# The binary remembers this directory: its default web pages and hls.js are found under
# it. The runtime stage puts them at the same place.
WORKDIR /opt/tribune

COPY package.json package-lock.json ./
RUN npm ci --omit=dev

COPY . .
# meson.build lists recordings/ as an include directory; git does not keep it while empty.
RUN mkdir -p recordings \
 && meson setup build --buildtype=release \
 && ninja -C build tribune

# ---- runtime stage ----
FROM debian:bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libglib2.0-0 libgstreamer1.0-0 libgstreamer-plugins-base1.0-0 \
      libgstreamer-plugins-bad1.0-0 libsoup-3.0-0 libjson-glib-1.0-0 libsqlite3-0 \
      gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
      gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-nice \
      fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# fonts-dejavu-core: the slate and the test picture draw text.

COPY --from=build /opt/tribune/build/tribune /usr/local/bin/tribune
COPY --from=build /opt/tribune/web /opt/tribune/web
COPY --from=build /opt/tribune/node_modules/hls.js/dist /opt/tribune/node_modules/hls.js/dist
COPY tribune.conf.example /etc/tribune/tribune.conf.example

# Not root. HOME is the data directory, so GStreamer's plugin cache has a writable place.
RUN useradd --system --home-dir /var/lib/tribune --shell /usr/sbin/nologin tribune \
 && mkdir -p /var/lib/tribune \
 && chown tribune:tribune /var/lib/tribune
USER tribune
WORKDIR /var/lib/tribune
VOLUME /var/lib/tribune
EXPOSE 8080

# With /etc/tribune/tribune.conf mounted, run those rooms; without it, the demo room
# (ingest key "demo": do not expose that to the internet). --data overrides the file's
# [server] data key.
CMD ["/bin/sh", "-c", "if [ -f /etc/tribune/tribune.conf ]; then exec tribune --config /etc/tribune/tribune.conf --data /var/lib/tribune; else exec tribune --data /var/lib/tribune; fi"]
