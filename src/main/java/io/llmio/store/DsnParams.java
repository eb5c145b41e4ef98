package io.llmio.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Translates DSN query parameters into JDBC driver parameters. */
final class DsnParams {
    /** Go-driver-only parameters with no meaning (or no counterpart) for mysql-connector-j. */
    private static final List<String> GO_ONLY = List.of("parsetime", "loc", "allownativepasswords", "multistatements",
            "interpolateparams", "clientfoundrows", "columnswithalias", "maxallowedpacket", "writetimeout",
            "rejectreadonly", "checkconnliveness", "allowcleartextpasswords", "allowoldpasswords", "serverpubkey",
            "allowallfiles", "timetruncate", "connectionattributes");

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
                case "timeout" -> out.add("connectTimeout=" + millis(v));
                case "readtimeout" -> out.add("socketTimeout=" + millis(v));
                case "tls" -> out.add("sslMode=" + switch (v.toLowerCase(Locale.ROOT)) {
                    case "true" -> "VERIFY_IDENTITY";
                    case "skip-verify" -> "REQUIRED";
                    case "preferred" -> "PREFERRED";
                    default -> "DISABLED";
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

    /** Go durations ({@code 10s}, {@code 500ms}, {@code 1m}) to milliseconds. */
    private static long millis(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Long.parseLong(s.substring(0, s.length() - 2));
            }
            if (s.endsWith("s")) {
                return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
            }
            if (s.endsWith("m")) {
                return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 10_000;
        }
    }
}
