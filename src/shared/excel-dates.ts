// The one converter between Excel serial numbers and dates, in the 1900 and the 1904 date systems.

const DAY_MS = 86400000;
/** Serial 0 of the 1900 system for serials from 61 on (1 Mar 1900): Excel counts a 29 Feb 1900 that never was. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Serial 0 of the 1900 system for serials below 61 (serial 1 is 1 Jan 1900). */
const EPOCH_1900_EARLY = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
const MARCH_1900 = Date.UTC(1900, 2, 1);

/** The UTC date and time of a serial; serial 60 (Excel's 29 Feb 1900) reads as 1 Mar 1900. */
export function serialToDate(serial: number, date1904 = false): Date {
  const epoch = date1904 ? EPOCH_1904 : serial < 61 ? EPOCH_1900_EARLY : EPOCH_1900;
  return new Date(epoch + Math.round(serial * DAY_MS));
}

/** The serial of a date's UTC wall time; fractional for a time of day. */
export function dateToSerial(d: Date, date1904 = false): number {
  const t = d.getTime();
  const epoch = date1904 ? EPOCH_1904 : t < MARCH_1900 ? EPOCH_1900_EARLY : EPOCH_1900;
  return (t - epoch) / DAY_MS;
}

/** The last serial Excel shows as a date, 31 Dec 9999, in each system. */
const LAST_SERIAL_1900 = 2958465;
const LAST_SERIAL_1904 = 2957003;

/**
 * The date a number shows under a date format; undefined where Excel shows none (it fills the cell with #), so the
 * number reads as itself: before 1 Jan 1900 (serials below 1: 0 is Excel's "0 Jan 1900") or 1 Jan 1904, and after
 * 31 Dec 9999.
 */
export function dateShownBySerial(serial: number, date1904 = false): Date | undefined {
  const first = date1904 ? 0 : 1;
  const last = (date1904 ? LAST_SERIAL_1904 : LAST_SERIAL_1900) + 1;
  return serial >= first && serial < last ? serialToDate(serial, date1904) : undefined;
}
