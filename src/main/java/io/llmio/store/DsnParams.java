package io.llmio.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmio.errors.StartupException;

/** Translates DSN query parameters into JDBC driver parameters; a value with no faithful translation stops the start. */
final class DsnParams {
    /** Go-driver-only parameters with no meaning (or no counterpart) for mysql-connector-j. */
    private static final List<String> GO_ONLY = List.of("parsetime", "loc", "allownativepasswords", "multistatements",
            "interpolateparams", "clientfoundrows", "columnswithalias", "maxallowedpacket", "writetimeout",
            "rejectreadonly", "checkconnliveness", "allowcleartextpasswords", "allowoldpasswords", "serverpubkey",
            "allowallfiles", "timetruncate", "connectionattributes");

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private DsnParams() {
    }

    static String mysql(String query) {
        List<String> out = new ArrayList<>();
        for (String[] kv : pairs(query)) {
            String k = kv[0];
            String v = kv[1];
            switch (k.toLowerCase(Locale.ROOT)) {
                case "charset" -> out.add("characterEncoding=" + charset(v));
                case "collation" -> out.add("connectionCollation=" + v);
                case "timeout" -> out.add("connectTimeout=" + millis(k, v));
                case "readtimeout" -> out.add("socketTimeout=" + millis(k, v));
                case "tls" -> out.add("sslMode=" + switch (v.toLowerCase(Locale.ROOT)) {
                    case "true" -> "VERIFY_IDENTITY";
                    case "skip-verify" -> "REQUIRED";
                    case "preferred" -> "PREFERRED";
                    case "false" -> "DISABLED";
                    // a TLS config registered by name in Go code: nothing to map it to, and DISABLED would
                    // silently drop the encryption it asked for
                    default -> throw bad(k, v, "is not one of true, false, skip-verify or preferred"
                            + " (a TLS config registered by name in Go has no counterpart here;"
                            + " use sslMode=... and the mysql-connector-j trust store parameters instead)");
                });
                default -> {
                    if (!GO_ONLY.contains(k.toLowerCase(Locale.ROOT))) {
                        out.add(k + "=" + v);
                    }
                }
            }
        }
        return String.join("&", out);
    }

    static String postgres(String query) {
        List<String> out = new ArrayList<>();
        for (String[] kv : pairs(query)) {
            switch (kv[0].toLowerCase(Locale.ROOT)) {
                case "connect_timeout" -> out.add("connectTimeout=" + kv[1]);
                case "application_name" -> out.add("ApplicationName=" + kv[1]);
                default -> out.add(kv[0] + "=" + kv[1]);
            }
        }
        return String.join("&", out);
    }

    private static List<String[]> pairs(String query) {
        List<String[]> out = new ArrayList<>();
        if (query == null || query.isBlank()) {
            return out;
        }
        for (String p : query.split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            out.add(eq < 0 ? new String[] {p, "true"} : new String[] {p.substring(0, eq), p.substring(eq + 1)});
        }
        return out;
    }

    private static String charset(String v) {
        String first = v.split(",")[0].trim().toLowerCase(Locale.ROOT);
        return first.startsWith("utf8") ? "UTF-8" : first;
    }

    /**
     * A Go duration ({@code 10s}, {@code 500ms}, {@code 1m30s}, {@code 1.5h}; units ns, us, µs, ms, s, m, h)
     * or a plain number of milliseconds, to whole milliseconds (rounded); anything else stops the start.
     */
    private static long millis(String key, String v) {
        String s = v.trim();
        if (s.matches("\\d{1,12}")) {
            return Long.parseLong(s);
        }
        Matcher m = DURATION_PART.matcher(s);
        double nanos = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            nanos += Double.parseDouble(m.group(1)) * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9; // h
            };
            at = m.end();
        }
        if (s.isEmpty() || at != s.length() || nanos > 1e18) {
            throw bad(key, v, "is not a duration such as 10s, 500ms or 1m30s");
        }
        return Math.round(nanos / 1e6);
    }

    private static StartupException bad(String key, String value, String why) {
        return new StartupException("DATABASE_DSN parameter " + key + "=" + value + " " + why + ".");
    }
}
