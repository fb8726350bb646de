// How much the simulator accepts from, and keeps about, its clients. A client can send
// anything; these bounds keep the process (possibly the VS Code extension host) small.

/** Largest request body on /api/v2 REST routes and on /sim/ (bytes); more is a 413. */
export const MAX_REST_BODY_BYTES = 1024 * 1024;

/**
 * Largest request body on /api/v2/notifications (bytes); more is a 413. A long-polling
 * client may batch many Bayeux messages in one POST, so this is larger than for REST.
 */
export const MAX_BAYEUX_BODY_BYTES = 4 * 1024 * 1024;
