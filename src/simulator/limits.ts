// How much the simulator accepts from, and keeps about, its clients. A client can send
// anything; these bounds keep the process (possibly the VS Code extension host) small.

/** Largest request body on /api/v2 REST routes and on /sim/ (bytes); more is a 413. */
export const MAX_REST_BODY_BYTES = 1024 * 1024;

/**
 * Largest request body on /api/v2/notifications (bytes); more is a 413. A long-polling
 * client may batch many Bayeux messages in one POST, so this is larger than for REST.
 */
export const MAX_BAYEUX_BODY_BYTES = 4 * 1024 * 1024;

/** The request log (/sim/requests) keeps at most this many of the latest requests... */
export const REQUEST_LOG_MAX_ENTRIES = 5000;

/**
 * ...and at most about this many characters of paths, headers and bodies in all (oldest
 * dropped first). Ordinary requests are well under 1 KB, so only oversized headers make
 * the log hold fewer than REQUEST_LOG_MAX_ENTRIES.
 */
export const REQUEST_LOG_MAX_CHARS = 8 * 1024 * 1024;

/** A logged body longer than this is kept as its first characters and a marker. */
export const LOGGED_BODY_MAX_CHARS = 4096;

/** A logged path longer than this is kept as its first characters and a marker. */
export const LOGGED_PATH_MAX_CHARS = 2048;

/** fail-next takes a count from 1 to this. */
export const MAX_FAIL_NEXT_COUNT = 10_000;

/** /sim/publish sends at most this many notifications per request... */
export const MAX_PUBLISH_COUNT = 100_000;

/** ...spread over at most this many synthetic calls... */
export const MAX_PUBLISH_CALLS = 1000;

/** ...at most this fast when paced (per second). */
export const MAX_PUBLISH_RATE = 1_000_000;
