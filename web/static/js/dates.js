// Dates in the person's own time zone: the browser's, the one each run is sent with.
// ISO 8601 timestamps ("2026-12-05T23:59:00+00:00") in tool arguments, approval requests or
// replies are shown as "Sat, 5 Dec 2026" or "Sat, 5 Dec 2026, 14:30" in the viewer's locale;
// the end of a day (23:59), which the task tools use for a date without a time, as the date.

const ISO_TIMESTAMP =
  /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;
const DAY = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
const dayOnly = new Intl.DateTimeFormat(undefined, DAY);
const dayAndTime = new Intl.DateTimeFormat(undefined, { ...DAY, hour: "numeric", minute: "2-digit" });

// The person's IANA time zone, sent with each run and each completed task.
export const userTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

// One instant, formatted; null when `iso` is not a date.
export function localDate(iso) {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return null;
  const endOfDay = moment.getHours() === 23 && moment.getMinutes() === 59;
  return (endOfDay ? dayOnly : dayAndTime).format(moment);
}

// `text` with each ISO timestamp in it replaced by its local form.
export function localizeDates(text) {
  return String(text).replace(ISO_TIMESTAMP, (iso) => localDate(iso) ?? iso);
}
