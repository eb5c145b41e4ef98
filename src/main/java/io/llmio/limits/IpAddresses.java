package io.llmio.limits;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP literal parsing and canonical text, without ever resolving a host name. */
final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /**
     * Removes what surrounds an address in headers and socket strings: blanks, quotes, a
     * {@code host/} prefix ({@code InetSocketAddress.toString()}), brackets and a port.
     * {@code [::1]:80 → ::1}, {@code 1.2.3.4:80 → 1.2.3.4}, {@code /10.0.0.1:5 → 10.0.0.1}.
     */
    static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close < 0 ? s : s.substring(1, close);
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) { // one colon: IPv4 (or name) with a port
            return s.substring(0, colon);
        }
        return s;
    }

    /**
     * The address bytes of an IP literal (4 for IPv4 and IPv4-mapped IPv6, else 16), or null when
     * {@code text} is not a literal. A zone id ({@code fe80::1%eth0}) is ignored.
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (IPV4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return b;
        }
        int zone = text.indexOf('%');
        String s = zone >= 0 ? text.substring(0, zone) : text;
        if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches() || s.charAt(0) == '.') {
            return null; // never let InetAddress see something it could look up in DNS
        }
        try {
            InetAddress a = InetAddress.getByName(s);
            return a instanceof Inet4Address || a.getAddress().length == 16 ? a.getAddress() : null;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as ::). */
    static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    /** {@code raw} cleaned and in canonical form, or just cleaned when it is not an IP literal. */
    static String canonical(String raw) {
        String c = clean(raw);
        byte[] b = parse(c);
        return b == null ? c : format(b);
    }
}
