// Numbers written as the book's Python writes them, so the browser's text alternative and nnlearn's agree
// character for character (tests/book/widgets/parity.test.mjs checks both against Python's output).

export const MINUS = "\u2212";

/** The shortest decimal digits of x and its exponent: x = 0.d1d2... x 10^point (x finite, nonzero). */
function shortestDigits(x) {
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  return { digits: mantissa.replace(".", ""), point: Number(exponent) + 1 };
}

/** Python's repr(x) for a float: the shortest round-trip digits, in exponent form when the decimal point
 *  is at or below -4 or above 16 places ("1e-05", "1e+16"), else positional ("0.0001", "1.0"). */
export function pyRepr(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const { digits, point } = shortestDigits(x);
  if (point <= -4 || point > 16) {
    const e = point - 1;
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Python's format(x, ".{p}g"): p significant digits, trailing zeros dropped, exponent form when the
 *  exponent is below -4 or at least p ("1.23e+04"). */
export function pyFormatG(x, p) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  p = Math.max(1, p);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, exponentText] = x.toExponential(p - 1).split("e");
  const e = Number(exponentText);
  const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (e < -4 || e >= p) {
    return `${strip(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return strip(x.toFixed(Math.max(0, p - 1 - e)));
}

/** A control's value as the page shows it (nnlearn.book.widgets.controls.format_value): "" is the
 *  shortest round-trip decimal without a trailing ".0", ".Nf" a fixed number of decimals; a true minus
 *  sign and never "−0". */
export function formatValue(value, format = "") {
  value = value + 0; // -0 + 0 is 0
  let text;
  if (format === "") {
    text = pyRepr(value);
    if (text.endsWith(".0")) text = text.slice(0, -2);
  } else {
    const match = /^\.(\d+)f$/.exec(format);
    if (!match) throw new Error(`format must be "" or ".Nf", got ${format}`);
    text = value.toFixed(Number(match[1]));
    if (Number(text) === 0) text = text.replace(/^-/, "");
  }
  return text.replaceAll("-", MINUS);
}

/** Python's str(int) / repr(float) for a number that may be either (a step count, a loss). */
export function withMinus(text) {
  return text.replaceAll("-", MINUS);
}
