/**
 * Browser and operating system from a User-Agent header, for people and for the integrations payload
 * (`browser`, `os`). A small table of the common families, not a full parser: anything unrecognised gives
 * null, never a wrong guess we know of.
 */
export interface ParsedUserAgent {
  /** `Chrome 126`, `Edge 125`, `Firefox 128`, `Safari 17`, `Opera 110`, `Samsung Internet 25`, `Internet Explorer 11`. */
  readonly browser: string | null;
  /** `Windows 10`, `macOS 10.15.7`, `iOS 17.5`, `Android 14`, `ChromeOS`, `Linux`. */
  readonly os: string | null;
}

const major = (v: string | undefined): string | null => (v ? (v.split('.')[0] ?? null) : null);

const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdgA?\/([\d.]+)/, 'Edge'],
  [/\bEdge\/([\d.]+)/, 'Edge'],
  [/\bOPR\/([\d.]+)/, 'Opera'],
  [/\bSamsungBrowser\/([\d.]+)/, 'Samsung Internet'],
  [/\bFirefox\/([\d.]+)/, 'Firefox'],
  [/\bFxiOS\/([\d.]+)/, 'Firefox'],
  [/\bCriOS\/([\d.]+)/, 'Chrome'],
  [/\bChrome\/([\d.]+)/, 'Chrome'],
  [/\bVersion\/([\d.]+).*\bSafari\//, 'Safari'],
  [/\bMSIE ([\d.]+)/, 'Internet Explorer'],
  [/\bTrident\/.*\brv:([\d.]+)/, 'Internet Explorer'],
];

const WINDOWS: Readonly<Record<string, string>> = { '10.0': '10', '6.3': '8.1', '6.2': '8', '6.1': '7', '6.0': 'Vista', '5.1': 'XP' };

const osOf = (ua: string): string | null => {
  let m: RegExpExecArray | null;
  if ((m = /\bWindows NT ([\d.]+)/.exec(ua))) return `Windows ${WINDOWS[m[1]!] ?? m[1]}`;
  if ((m = /\b(?:iPhone|CPU) OS ([\d_]+)/.exec(ua)) || (m = /\biPad.*? OS ([\d_]+)/.exec(ua))) return `iOS ${m[1]!.replace(/_/g, '.')}`;
  if ((m = /\bMac OS X ([\d_.]+)/.exec(ua))) return `macOS ${m[1]!.replace(/_/g, '.')}`;
  if ((m = /\bAndroid ([\d.]+)/.exec(ua))) return `Android ${m[1]}`;
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return null;
};

export const parseUserAgent = (ua: string | null | undefined): ParsedUserAgent => {
  if (!ua) return { browser: null, os: null };
  let browser: string | null = null;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      const v = major(m[1]);
      browser = v ? `${name} ${v}` : name;
      break;
    }
  }
  return { browser, os: osOf(ua) };
};
