// Line icons (16×16 path data) drawn with currentColor, so they follow the theme. The webview
// CSP allows no fonts, so the codicon font is not an option; these are constant data.
export const icons = {
  pause: ['M5.5 3v10', 'M10.5 3v10'],
  play: ['M5 3l8 5-8 5z'],
  follow: ['M8 2v9', 'M4.5 7.5L8 11l3.5-3.5', 'M3 14h10'],
  clear: ['M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13z', 'M3.5 3.5l9 9'],
  export: ['M8 10V2', 'M4.5 5.5L8 2l3.5 3.5', 'M2 9.5V14h12V9.5'],
  import: ['M8 2v8', 'M4.5 6.5L8 10l3.5-3.5', 'M2 9.5V14h12V9.5'],
  close: ['M4 4l8 8', 'M12 4l-8 8'],
  copy: ['M5.5 5.5h8v8h-8z', 'M2.5 10.5v-8h8'],
  live: ['M8 6.5a1.5 1.5 0 1 0 0 3a1.5 1.5 0 1 0 0-3z', 'M4.5 4.5a5 5 0 0 0 0 7', 'M11.5 4.5a5 5 0 0 1 0 7'],
} as const;

export type IconName = keyof typeof icons;
