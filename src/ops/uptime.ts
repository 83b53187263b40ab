// Uptime as people read it on a dashboard: `2d 3h 15m` (minutes are the finest unit a
// glance needs; under a minute reads `0m`). Zero units are left out between the largest
// and the minutes: `2d 0h 5m` reads `2d 5m`.
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (d > 0) parts.push(`${d}d`);
  if (h > 0) parts.push(`${h}h`);
  parts.push(`${m}m`);
  return parts.join(' ');
}
