// Types for startProfile.js (plain Node, used by start.js before any build).
export const NPM_START_PROFILE_ID: string;
export function npmStartProfile(simulatorUrl: string): { id: string; name: string; url: string; user: string; simulator: true };
