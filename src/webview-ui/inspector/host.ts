// The page's side of the webview bridge: typed postMessage and the persisted page state that
// survives the panel being hidden and shown again (getState/setState).
import type { ToExtension } from '../../webviews/inspector/protocol';
import { emptyCriteria, type FilterCriteria } from './filter';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface PageState {
  version: 1;
  filters: FilterCriteria;
  follow: boolean;
  selectedSeq?: number;
  detailOpen: boolean;
}

export const initialPageState: PageState = { version: 1, filters: emptyCriteria, follow: true, detailOpen: false };

export interface Host {
  post(message: ToExtension): void;
  loadState(): PageState;
  saveState(state: PageState): void;
}

function isPageState(value: unknown): value is PageState {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1;
}

/** Filters as saved, including by a page from before multi-select ({ type: 'X', channel: 'Y' }). */
function savedFilters(saved: Partial<FilterCriteria> & { type?: unknown; channel?: unknown }): FilterCriteria {
  const { type, channel, ...rest } = saved ?? {};
  const filters: FilterCriteria = { ...emptyCriteria, ...rest };
  if (!Array.isArray(filters.types)) filters.types = [];
  if (!Array.isArray(filters.channels)) filters.channels = [];
  if (typeof type === 'string' && type !== '' && filters.types.length === 0) filters.types = [type];
  if (typeof channel === 'string' && channel !== '' && filters.channels.length === 0) filters.channels = [channel];
  return filters;
}

export function connectHost(): Host {
  // acquireVsCodeApi may be called only once per page load.
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => {
      const saved = api.getState();
      if (!isPageState(saved)) return initialPageState;
      return { ...initialPageState, ...saved, filters: savedFilters(saved.filters) };
    },
    saveState: (state) => api.setState(state),
  };
}
