package io.llmio.upstream;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * The status line and header fields of an HTTP/1.1 response, and how its body is framed
 * (RFC 9112 §6.3): no body, Content-Length, chunked, or until the connection closes.
 */
record ResponseHead(int status, List<String> fields, Framing framing, long length, boolean keepAlive) {
    private static final int MAX_FIELDS = 256;

    enum Framing { NONE, LENGTH, CHUNKED, CLOSE }

    /** fields alternate name, value */
    static ResponseHead read(Connection c, boolean head) throws IOException {
        while (true) {
            String statusLine = c.readLine();
            int status = statusCode(statusLine);
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            List<String> fields = new ArrayList<>(24);
            String transferEncoding = null;
            long length = -1;
            boolean close = false;
            boolean keepAliveToken = false;
            for (String line = c.readLine(); !line.isEmpty(); line = c.readLine()) {
                if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    // obsolete line folding: part of the previous value
                    if (fields.isEmpty()) {
                        throw new ProtocolException("upstream sent a folded line before any header");
                    }
                    int last = fields.size() - 1;
                    fields.set(last, fields.get(last) + " " + line.trim());
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new ProtocolException("upstream sent a malformed header line");
                }
                if (fields.size() >= MAX_FIELDS * 2) {
                    throw new ProtocolException("upstream sent more than " + MAX_FIELDS + " headers");
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                fields.add(name);
                fields.add(value);
                if (name.equalsIgnoreCase("content-length")) {
                    long l = parseLength(value);
                    if (length >= 0 && l != length) {
                        throw new ProtocolException("upstream sent two different Content-Length values");
                    }
                    length = l;
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
                } else if (name.equalsIgnoreCase("connection")) {
                    for (String token : value.split(",")) {
                        close |= token.trim().equalsIgnoreCase("close");
                        keepAliveToken |= token.trim().equalsIgnoreCase("keep-alive");
                    }
                }
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // interim answer (100 Continue, 103 Early Hints): the real one follows
            }
            boolean keepAlive = !close && (!http10 || keepAliveToken);
            if (head || status == 204 || status == 304 || status == 101) {
                return new ResponseHead(status, fields, Framing.NONE, 0, keepAlive && status != 101);
            }
            if (transferEncoding != null) {
                String[] codings = transferEncoding.split(",");
                boolean chunked = codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
                // with both Transfer-Encoding and Content-Length the connection must not be reused
                return new ResponseHead(status, fields, chunked ? Framing.CHUNKED : Framing.CLOSE, -1,
                                        chunked && keepAlive && length < 0);
            }
            if (length >= 0) {
                return new ResponseHead(status, fields, length == 0 ? Framing.NONE : Framing.LENGTH, length, keepAlive);
            }
            return new ResponseHead(status, fields, Framing.CLOSE, -1, false);
        }
    }

    static int statusCode(String statusLine) throws ProtocolException {
        // HTTP/1.1 200 OK
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new ProtocolException("upstream did not answer HTTP/1.x: `"
                    + statusLine.substring(0, Math.min(60, statusLine.length())) + "`");
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char ch = statusLine.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new ProtocolException("upstream sent a malformed status line");
            }
            code = code * 10 + (ch - '0');
        }
        return code;
    }

    private static long parseLength(String value) throws ProtocolException {
        if (value.isEmpty() || value.length() > 18) {
            throw new ProtocolException("upstream sent an invalid Content-Length");
        }
        long l = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new ProtocolException("upstream sent an invalid Content-Length");
            }
            l = l * 10 + (ch - '0');
        }
        return l;
    }

    /** Every value of a header, case-insensitive, in the order received. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                values.add(fields.get(i + 1));
            }
        }
        return values;
    }

    /** The first value of a header, case-insensitive, or null. */
    String first(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return fields.get(i + 1);
            }
        }
        return null;
    }
}
